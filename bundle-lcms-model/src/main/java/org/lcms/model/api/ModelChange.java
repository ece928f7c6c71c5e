package org.lcms.model.api;

/**
 * One change to the model, applied entirely or not at all. Updates carry the revision of the object the
 * caller based them on ({@link Revision#ANY} to skip the check); a stale one is a {@link ConflictException}.
 * Building a cluster is {@link CreateCluster} (optionally already active), changing it (scheduler, members,
 * weights, activation) is {@link UpdateCluster}, dissolving it is {@link DissolveCluster}.
 */
public sealed interface ModelChange {
    ObjectKind kind();

    /** The name of the object changed (host name, cluster id or login). */
    String objectName();

    record AddHost(Host host) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.HOST; }
        public String objectName() { return host.name(); }
    }

    record UpdateHost(Host host, long expectedRevision) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.HOST; }
        public String objectName() { return host.name(); }
    }

    record RemoveHost(String name, long expectedRevision) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.HOST; }
        public String objectName() { return name; }
    }

    /** What the host's agent reported about its role (actual state); no revision check, the agent is right. */
    record ReportRoleState(String name, RoleState state) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.HOST; }
        public String objectName() { return name; }
    }

    record CreateCluster(LoadCluster cluster) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.CLUSTER; }
        public String objectName() { return cluster.id(); }
    }

    record UpdateCluster(LoadCluster cluster, long expectedRevision) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.CLUSTER; }
        public String objectName() { return cluster.id(); }
    }

    /** @param force also dissolve an active cluster (its service stops) */
    record DissolveCluster(String id, long expectedRevision, boolean force) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.CLUSTER; }
        public String objectName() { return id; }
    }

    record AddAdministrator(Administrator administrator) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.ADMINISTRATOR; }
        public String objectName() { return administrator.login(); }
    }

    record UpdateAdministrator(Administrator administrator, long expectedRevision) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.ADMINISTRATOR; }
        public String objectName() { return administrator.login(); }
    }

    record RemoveAdministrator(String login, long expectedRevision) implements ModelChange {
        public ObjectKind kind() { return ObjectKind.ADMINISTRATOR; }
        public String objectName() { return login; }
    }
}
