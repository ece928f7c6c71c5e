/**
 * The LCMS model: hosts, load clusters, administrators and the recorded history of their changes, as
 * immutable values, and {@link org.lcms.model.api.ClusterDirectory}, the service that reads and changes them.
 * Every change is a {@link org.lcms.model.api.ModelChange}; the directory checks it against the model rules
 * ({@link org.lcms.model.api.Rule}) and either applies all of it or none of it.
 */
@Export
@Version("1.2.0")
package org.lcms.model.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
