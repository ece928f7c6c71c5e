package org.lcms.agent.snmp;

import java.util.function.Supplier;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOScalar;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

/** A read-only scalar whose value is computed at each request (from a cache, never from slow I/O). */
final class ComputedScalar<V extends Variable> extends MOScalar<V> {
    private final Supplier<V> value;

    ComputedScalar(OID instance, V syntaxExample, Supplier<V> value) {
        super(instance, MOAccessImpl.ACCESS_READ_ONLY, syntaxExample);
        this.value = value;
        setVolatile(true);
    }

    @Override
    public V getValue() {
        return value.get();
    }
}
