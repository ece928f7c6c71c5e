/**
 * The live cluster state: what the node agents report, as the LCMS manager last saw it (reachability, role and
 * role state, dispatch tables, services), per host and per load cluster, with the events that changed it.
 * Other bundles (failover, UI) read it here; they do not poll agents themselves.
 */
@Export
@Version("1.2.0")
package org.lcms.snmp.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
