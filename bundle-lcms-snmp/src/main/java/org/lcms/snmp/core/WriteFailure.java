package org.lcms.snmp.core;

/**
 * Why a batch of {@link AgentWrite}s stopped short.
 *
 * @param reason the write that was refused or not answered, and the agent's answer, for an operator
 * @param conflict true if the agent refused the write as inconsistent with what it has now (RFC 3416
 *     inconsistentValue or inconsistentName: "under the present circumstances"), e.g. a virtual service that
 *     exists already: the plan was made from a view the agent no longer matches, and a re-read settles it;
 *     false for every other refusal and for no answer, which the same plan would meet again
 */
public record WriteFailure(String reason, boolean conflict) {

    /** A failure that re-reading the agent would not change. */
    public static WriteFailure of(String reason) {
        return new WriteFailure(reason, false);
    }
}
