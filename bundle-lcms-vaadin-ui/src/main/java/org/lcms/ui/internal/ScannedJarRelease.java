package org.lcms.ui.internal;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.jar.JarFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;

/**
 * Closes the copies of this bundle's embedded jars that the web container's deployment scan left open.
 *
 * <p>Why: Pax Web's WAB extender scans each {@code Bundle-ClassPath} jar through a {@code jar:bundle://...!/} URL
 * with the JDK's URL caching on (ClassPathUtil.jarClassPathEntryExists, Utils.isDirectory, as of Pax Web 8.0.33). For
 * a jar that is not a plain file the JDK copies it to a temporary {@code jar_cache*.tmp} file, deletes the file's name
 * and keeps it open in its JarFileFactory cache for as long as the JVM runs. Every deployment of this bundle therefore
 * kept about 70 open jar copies (7.6 MiB of disk, 1.4 MiB of heap): a reinstall's bundle has a new URL, so the old
 * copies were never used again nor released. Opening the same URL with caching on returns the cached jar file, and
 * closing a cached jar file takes it out of the cache (the JDK's URLJarFile close controller); this is done when the
 * bundle stops, after the container undeployed it (OSGi Web Applications spec 128.3.8: synchronously with the
 * bundle's STOPPING event, i.e. before the activator's stop).
 *
 * <p>The JVM-wide alternative, {@code URLConnection.setDefaultUseCaches("jar", false)} (what Tomcat's leak prevention
 * listener does), would change every other bundle's jar: URLs in the NMS; this touches only ours.
 */
public final class ScannedJarRelease {
    private ScannedJarRelease() {
    }

    /** Closes the cached jar files of the bundle's embedded jars; the number closed. Never throws. */
    public static int release(Bundle bundle) {
        String classPath = bundle.getHeaders().get(Constants.BUNDLE_CLASSPATH);
        if (classPath == null) {
            return 0;
        }
        int closed = 0;
        for (String segment : classPath.split("\\s*,\\s*")) {
            URL entry = bundle.getEntry(segment);
            // The very URL Pax Web builds (ClassPathUtil.getClassPathJars): the JDK's cache is keyed by it.
            if (entry == null || !entry.toExternalForm().endsWith("jar")) {
                continue;
            }
            try {
                URLConnection connection = new URL("jar:" + entry.toExternalForm() + "!/").openConnection();
                if (connection instanceof JarURLConnection jar) {
                    jar.setUseCaches(true);
                    JarFile cached = jar.getJarFile();
                    cached.close();
                    closed++;
                }
            } catch (IOException | RuntimeException e) {
                // Nothing to release for this jar (or it cannot be read any more): its copy, if any, is the JDK's.
            }
        }
        return closed;
    }
}
