package org.lcms.model.api;

import java.util.Set;

/**
 * One change to the model, applied entirely or not at all. Updates carry the revision of the object the
 * caller based them on ({@link Revision#ANY} to skip the check); a stale one is a {@link ConflictException}.
 * Building a cluster is {@link CreateCluster} (optionally already active), changing it (scheduler, members,
 * weights, activation) is {@link UpdateCluster}, dissolving it is {@link DissolveCluster}. {@link RecordEvent}
 * changes no object: it only adds what happened to the history.
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

    /**
     * Something that happened to an object rather than a change of it (an agent's notification, a host that
     * stopped answering, a refused login): recorded in the history only, numbered in the same sequence as the
     * changes so that one history tells what was changed and what happened, in order. The object need not exist
     * any more (an event may arrive after its host was removed).
     *
     * @param event what happened, a name such as the LCMS-MIB notification's (lcmsAgentUnreachable): a letter,
     *     then up to 63 letters, digits or '-'
     * @param detail one line for an operator, severity first by convention ("major: ...")
     * @param clusters the clusters it concerns; for a host, the clusters using the host are added
     */
    record RecordEvent(ObjectKind kind, String objectName, String event, String detail, Set<String> clusters)
        implements ModelChange {
        public RecordEvent {
            java.util.Objects.requireNonNull(kind, "kind");
            java.util.Objects.requireNonNull(objectName, "objectName");
            java.util.Objects.requireNonNull(event, "event");
            detail = java.util.Objects.requireNonNullElse(detail, "");
            clusters = Set.copyOf(java.util.Objects.requireNonNullElse(clusters, Set.of()));
        }
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
