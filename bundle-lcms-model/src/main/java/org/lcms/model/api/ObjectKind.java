package org.lcms.model.api;

/** Kinds of model objects, as recorded in the history. */
public enum ObjectKind implements Coded {
    HOST("host"),
    CLUSTER("cluster"),
    ADMINISTRATOR("administrator");

    private final String code;

    ObjectKind(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public static ObjectKind parse(String text) {
        return Coded.parse(ObjectKind.class, "object kind", text);
    }
}
