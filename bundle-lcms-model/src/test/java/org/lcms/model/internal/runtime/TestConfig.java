package org.lcms.model.internal.runtime;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.lcms.model.internal.DirectoryConfiguration;

/**
 * A {@link DirectoryConfiguration} as DS would build it from a .cfg file: the given properties (names with
 * dots, as in the file), the annotation defaults for the rest. Values are converted like DS does for the
 * typed methods; a value that does not convert throws from the method, as it does in DS.
 */
public final class TestConfig {
    private TestConfig() {
    }

    public static DirectoryConfiguration of(Map<String, String> properties) {
        return (DirectoryConfiguration) Proxy.newProxyInstance(DirectoryConfiguration.class.getClassLoader(),
            new Class<?>[] {DirectoryConfiguration.class}, (proxy, method, args) -> {
                if (method.getDeclaringClass() == Object.class) {
                    return method.getName().equals("toString") ? "TestConfig" + properties : null;
                }
                String key = method.getName().replace('_', '.');
                String value = properties.get(key);
                if (value == null) {
                    return method.getDefaultValue();
                }
                if (method.getReturnType() == int.class) {
                    return Integer.valueOf(value.trim());
                }
                return value;
            });
    }
}
