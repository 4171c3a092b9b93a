package dev.wsshowcase.testsupport;

import java.lang.reflect.Method;
import org.junit.jupiter.api.DisplayNameGenerator;

/** Names every suite class after the runtime it runs on, e.g. {@code EchoIT [tomcat11]}. */
public class RuntimeDisplayNames extends DisplayNameGenerator.Standard {

    @Override
    public String generateDisplayNameForClass(Class<?> testClass) {
        return super.generateDisplayNameForClass(testClass) + " [" + ServerUnderTest.runtimeName() + "]";
    }

    @Override
    public String generateDisplayNameForNestedClass(Class<?> nestedClass) {
        return super.generateDisplayNameForNestedClass(nestedClass);
    }

    @Override
    public String generateDisplayNameForMethod(Class<?> testClass, Method testMethod) {
        return super.generateDisplayNameForMethod(testClass, testMethod);
    }
}
