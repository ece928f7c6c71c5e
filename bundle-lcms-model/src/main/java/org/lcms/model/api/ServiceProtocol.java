package org.lcms.model.api;

/** Transport protocol of a virtual service. */
public enum ServiceProtocol implements Coded {
    TCP("tcp"),
    UDP("udp");

    private final String code;

    ServiceProtocol(String code) {
        this.code = code;
    }

    @Override
    public String code() {
        return code;
    }

    public static ServiceProtocol parse(String text) {
        return Coded.parse(ServiceProtocol.class, "protocol", text);
    }
}
