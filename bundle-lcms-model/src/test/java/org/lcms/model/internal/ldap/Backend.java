package org.lcms.model.internal.ldap;

import org.lcms.model.api.ClusterDirectory;

/** A directory server the contract runs on; each test gets a fresh, empty model. */
interface Backend extends AutoCloseable {
    /** A fresh model for one test. */
    ClusterDirectory fresh(String testName) throws Exception;

    /** Another, independent client (its own connections and cache) on the model of the last {@link #fresh}. */
    ClusterDirectory secondManager() throws Exception;

    /** A plain LDAP connection with write access, to edit entries "by hand" as an operator might. */
    com.unboundid.ldap.sdk.LDAPConnection rawConnection() throws Exception;

    /** The base DN of the model of the last {@link #fresh}. */
    String baseDn();
}
