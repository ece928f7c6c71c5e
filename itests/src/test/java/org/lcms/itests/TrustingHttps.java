package org.lcms.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * GETs a page over HTTPS trusting any certificate: the UI's is self-signed, generated on the first start (WebUiIT
 * checks the certificate itself; the tests using this only want the page).
 */
final class TrustingHttps {
    /** A status and the body (of the error stream for a status of 400 and above); -1 if nothing answered. */
    record Page(int status, String body) {
        @Override
        public String toString() {
            return status + ":\n" + body;
        }
    }

    private TrustingHttps() {
    }

    static Page get(String address) throws GeneralSecurityException {
        TrustManager[] any = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String type) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, any, null);
        try {
            HttpsURLConnection c = (HttpsURLConnection) new URL(address).openConnection();
            c.setSSLSocketFactory(tls.getSocketFactory());
            c.setHostnameVerifier((host, session) -> true);
            c.setConnectTimeout(10_000);
            c.setReadTimeout(30_000);
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                return new Page(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return new Page(-1, e.toString());
        }
    }
}
