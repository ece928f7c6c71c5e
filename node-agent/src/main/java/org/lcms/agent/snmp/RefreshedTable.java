package org.lcms.agent.snmp;

import java.util.Map;
import java.util.function.Supplier;
import org.snmp4j.agent.DefaultMOServer;
import org.snmp4j.agent.DuplicateRegistrationException;
import org.snmp4j.agent.MOServer;
import org.snmp4j.agent.MOServerLookupEvent;
import org.snmp4j.agent.MOServerLookupListener;
import org.snmp4j.agent.mo.DefaultMOMutableTableModel;
import org.snmp4j.agent.mo.DefaultMOTable;
import org.snmp4j.agent.mo.DefaultMOTableRow;
import org.snmp4j.agent.mo.MOAccessImpl;
import org.snmp4j.agent.mo.MOColumn;
import org.snmp4j.agent.mo.MOTableIndex;
import org.snmp4j.agent.mo.MOTableSubIndex;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.SMIConstants;
import org.snmp4j.smi.UnsignedInteger32;
import org.snmp4j.smi.Variable;

/**
 * A read-only table with one Unsigned32 index whose rows are rebuilt from a source when a request touches the
 * table and the rows are older than {@code maxAgeMillis} (a walk rebuilds it once, not per varbind). The source
 * gives index -> column values (columns numbered from 2, column 1 being the not-accessible index).
 */
final class RefreshedTable implements MOServerLookupListener {
    private final DefaultMOTable<DefaultMOTableRow, MOColumn, DefaultMOMutableTableModel<DefaultMOTableRow>> table;
    private final DefaultMOMutableTableModel<DefaultMOTableRow> model = new DefaultMOMutableTableModel<>();
    private final Cached<Map<Long, Variable[]>> rows;
    private Map<Long, Variable[]> shown;

    /** @param syntaxes SMI syntax of columns 2, 3, ... */
    RefreshedTable(OID entry, int[] syntaxes, Supplier<Map<Long, Variable[]>> source, long maxAgeMillis) {
        MOColumn[] columns = new MOColumn[syntaxes.length];
        for (int i = 0; i < syntaxes.length; i++) {
            columns[i] = new MOColumn<>(i + 2, syntaxes[i], MOAccessImpl.ACCESS_READ_ONLY);
        }
        MOTableIndex index = new MOTableIndex(new MOTableSubIndex[] {
            new MOTableSubIndex(SMIConstants.SYNTAX_GAUGE32)}, false);
        table = new DefaultMOTable<>(entry, index, columns, model);
        table.setVolatile(true);
        rows = new Cached<>(source, maxAgeMillis);
    }

    void register(MOServer server, OctetString context) throws DuplicateRegistrationException {
        server.register(table, context);
        if (server instanceof DefaultMOServer d) {
            d.addLookupListener(this, table);
        }
    }

    void unregister(MOServer server, OctetString context) {
        if (server instanceof DefaultMOServer d) {
            d.removeLookupListener(this, table);
        }
        server.unregister(table, context);
    }

    @Override
    public void lookupEvent(MOServerLookupEvent event) {
        refresh();
    }

    @Override
    public void queryEvent(MOServerLookupEvent event) {
        refresh();
    }

    private synchronized void refresh() {
        Map<Long, Variable[]> now = rows.get();
        if (now == shown) {
            return;
        }
        model.clear();
        now.forEach((index, values) ->
            model.addRow(new DefaultMOTableRow(new OID(new int[] {(int) (long) index}), values)));
        shown = now;
    }

    static UnsignedInteger32 gauge(long v) {
        return new UnsignedInteger32(Math.max(0, Math.min(v, 0xFFFF_FFFFL)));
    }
}
