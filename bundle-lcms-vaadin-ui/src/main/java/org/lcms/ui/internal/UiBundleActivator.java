package org.lcms.ui.internal;

import org.lcms.ui.internal.https.HttpsBootstrap;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UI bundle's start and stop: HTTPS set up before the web server serves anything ({@link HttpsBootstrap}), and at
 * stop the jar copies the web container's deployment scan left open released ({@link ScannedJarRelease}).
 */
public final class UiBundleActivator implements BundleActivator {
    private static final Logger LOG = LoggerFactory.getLogger(UiBundleActivator.class);

    private final HttpsBootstrap https = new HttpsBootstrap();

    @Override
    public void start(BundleContext context) {
        https.start(context);
    }

    @Override
    public void stop(BundleContext context) {
        https.stop(context);
        long t0 = System.nanoTime();
        int closed = ScannedJarRelease.release(context.getBundle());
        LOG.info("LCMS UI: released {} embedded jar copies the web container's scan kept open, in {} ms", closed,
            (System.nanoTime() - t0) / 1_000_000);
    }
}
