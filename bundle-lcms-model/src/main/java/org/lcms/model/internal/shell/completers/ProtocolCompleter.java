package org.lcms.model.internal.shell.completers;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.lcms.model.api.ServiceProtocol;

/** Service protocols: tcp, udp. */
@Service
public final class ProtocolCompleter extends CodeCompleter {
    public ProtocolCompleter() {
        super(ServiceProtocol.values());
    }
}
