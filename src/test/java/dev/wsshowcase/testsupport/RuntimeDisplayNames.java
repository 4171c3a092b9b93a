package dev.wsshowcase.testsupport;

import org.junit.jupiter.api.DisplayNameGenerator;

/** Names every suite class after the runtime it runs on, e.g. {@code EchoIT [tomcat11]}. */
public class RuntimeDisplayNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForClass(Class<?> testClass) {
        return super.generateDisplayNameForClass(testClass) + " [" + ServerUnderTest.runtimeName() + "]";
    }

}
