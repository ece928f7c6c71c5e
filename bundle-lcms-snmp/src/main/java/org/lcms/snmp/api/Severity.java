package org.lcms.snmp.api;

/** How bad an event is, on the NMS's scale (OpenNMS severities). */
public enum Severity {
    NORMAL, WARNING, MINOR, MAJOR, CRITICAL
}
