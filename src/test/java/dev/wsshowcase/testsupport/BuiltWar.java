package dev.wsshowcase.testsupport;

import java.io.File;
import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The deployment {@link ArquillianRuntime} hands to Arquillian: the WAR that {@code mvn package}
 * built, exactly as users deploy it (path in the system property {@code showcase.it.war}).
 */
public class BuiltWar {

    @ArquillianResource
    URL url;

    @Deployment(testable = false)
    public static WebArchive war() {
        String path = System.getProperty("showcase.it.war", "target/websocket-showcase.war");
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalStateException("No WAR at " + file.getAbsolutePath() + ": run `mvn verify`, which packages it first");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, file);
    }

    /** The method Arquillian's test lifecycle is run against to inject {@link #url}. */
    public void locate() {
        // Nothing to run: the lifecycle around it does the work.
    }
}
