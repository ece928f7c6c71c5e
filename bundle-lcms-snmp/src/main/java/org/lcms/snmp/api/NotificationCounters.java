package org.lcms.snmp.api;

/**
 * What the notification receiver took and refused since the manager started.
 *
 * @param listening where it listens ("address/port"), empty when it is off
 * @param rejected notifications that did not authenticate (unknown user or engine, wrong key, bad community) or
 *     were not LCMS-MIB notifications
 */
public record NotificationCounters(String listening, long accepted, long rejected) {
}
