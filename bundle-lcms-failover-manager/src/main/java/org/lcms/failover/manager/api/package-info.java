/**
 * The operator's failover actions and the cluster status (feature lcms-failover): {@link
 * org.lcms.failover.manager.api.FailoverOperations}.
 */
@Export
@Version("1.0.0")
package org.lcms.failover.manager.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
