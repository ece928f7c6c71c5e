package org.lcms.snmp.internal.snmp;

import java.io.IOException;
import java.util.Collection;
import org.lcms.snmp.core.SnmpProfile;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.ScopedPDU;
import org.snmp4j.Snmp;
import org.snmp4j.Target;
import org.snmp4j.UserTarget;
import org.snmp4j.event.ResponseListener;
import org.snmp4j.mp.MPv2c;
import org.snmp4j.mp.MPv3;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.transport.DefaultUdpTransportMapping;
import org.snmp4j.MessageDispatcherImpl;

/**
 * The manager's one SNMP session: one UDP socket with a large receive buffer (thousands of answers can arrive in
 * a burst), its own message dispatcher, MPv2c and MPv3 with a private USM holding the users of the credential
 * profiles (snmp4j's global SecurityModels is not used, so a reinstalled bundle starts clean).
 */
public final class ManagerSnmp implements AutoCloseable {
    private final Snmp snmp;
    private final USM usm;
    private final MPv3 mpv3;
    private final DefaultUdpTransportMapping transport;

    /**
     * @param listen local "address/port" (port 0: any free port)
     * @param receiveBufferBytes the socket's receive buffer (the kernel caps it at net.core.rmem_max)
     */
    public ManagerSnmp(String listen, int receiveBufferBytes, Collection<SnmpProfile> profiles) throws IOException {
        this(listen, receiveBufferBytes, profiles, MPv3.createLocalEngineID());
    }

    /** @param engineId this manager's SNMP engine ID (the authoritative engine of the traps it sends) */
    public ManagerSnmp(String listen, int receiveBufferBytes, Collection<SnmpProfile> profiles, byte[] engineId)
        throws IOException {
        usm = new USM(protocols(), new OctetString(engineId), 0);
        for (SnmpProfile p : profiles) {
            if (p.version() == SnmpProfile.Version.V3) {
                usm.addUser(user(p)); // localized for each agent (and NMS) engine discovered
                usm.addUser(user(p), usm.getLocalEngineID()); // traps to an NMS: we are authoritative
            }
        }
        MessageDispatcherImpl dispatcher = new MessageDispatcherImpl();
        dispatcher.addMessageProcessingModel(new MPv2c());
        mpv3 = new MPv3(usm);
        dispatcher.addMessageProcessingModel(mpv3);
        transport = new DefaultUdpTransportMapping(new UdpAddress(listen), false);
        transport.setReceiveBufferSize(receiveBufferBytes);
        // The dispatcher processes each message on the receive thread before the next is read, so the transport
        // may reuse its buffer: otherwise it allocates a new 64 KiB array per datagram (77% of the manager's
        // allocated bytes at 11,000 polls/s).
        transport.setAsyncMsgProcessingSupported(false);
        snmp = new Snmp(dispatcher, transport);
        snmp.listen();
    }

    /** The protocols LCMS offers (SHA-2 authentication, AES privacy), in a private instance, not snmp4j's global. */
    static SecurityProtocols protocols() {
        SecurityProtocols protocols = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
        protocols.addAuthenticationProtocol(new AuthHMAC192SHA256());
        protocols.addAuthenticationProtocol(new AuthHMAC256SHA384());
        protocols.addAuthenticationProtocol(new AuthHMAC384SHA512());
        protocols.addPrivacyProtocol(new PrivAES128());
        protocols.addPrivacyProtocol(new PrivAES256());
        return protocols;
    }

    /** The engine ID learned for an agent by polling it; null if none yet. */
    public OctetString engineOf(UdpAddress address) {
        return mpv3.getEngineID(address);
    }

    /** The boots and current time of an engine as the polls learned them; null if unknown. */
    public org.snmp4j.security.UsmTimeEntry timeOf(OctetString engineId) {
        return engineId == null ? null : usm.getTimeTable().getTime(engineId);
    }

    static UsmUser user(SnmpProfile p) {
        OID auth = switch (p.auth()) {
            case SHA256 -> AuthHMAC192SHA256.ID;
            case SHA384 -> AuthHMAC256SHA384.ID;
            case SHA512 -> AuthHMAC384SHA512.ID;
        };
        OID priv = switch (p.priv()) {
            case AES128 -> PrivAES128.ID;
            case AES256 -> PrivAES256.ID;
        };
        return new UsmUser(new OctetString(p.user()), auth, new OctetString(p.authPassword()), priv,
            new OctetString(p.privPassword()));
    }

    /** The target for an agent at "address/port" reached with profile {@code p}. */
    public Target<UdpAddress> target(SnmpProfile p, UdpAddress address, long timeoutMillis, int retries) {
        Target<UdpAddress> t;
        if (p.version() == SnmpProfile.Version.V3) {
            UserTarget<UdpAddress> u = new UserTarget<>(address, new OctetString(p.user()), new byte[0],
                SecurityLevel.AUTH_PRIV);
            u.setVersion(SnmpConstants.version3);
            t = u;
        } else {
            CommunityTarget<UdpAddress> c = new CommunityTarget<>(address, new OctetString(p.community()));
            c.setVersion(SnmpConstants.version2c);
            t = c;
        }
        t.setTimeout(timeoutMillis);
        t.setRetries(retries);
        return t;
    }

    /** An empty PDU of the right kind for {@code target} (scoped for v3). */
    public static PDU pdu(Target<?> target, int type) {
        PDU pdu = target.getVersion() == SnmpConstants.version3 ? new ScopedPDU() : new PDU();
        pdu.setType(type);
        return pdu;
    }

    public <A extends org.snmp4j.smi.Address> void send(PDU pdu, Target<A> target, Object handle,
                                                       ResponseListener listener) throws IOException {
        snmp.send(pdu, target, handle, listener);
    }

    public void cancel(PDU request, ResponseListener listener) {
        snmp.cancel(request, listener);
    }

    /**
     * Forgets the engine ID learned for {@code address}, so the next request discovers it again: an agent whose
     * state directory was lost (a reinstalled host) answers with a new engine ID, and snmp4j would otherwise keep
     * using the old one for good (seen: the manager never reached a reinstalled agent again).
     */
    public void forgetEngine(Target<UdpAddress> target) {
        UdpAddress address = target.getAddress();
        if (target instanceof UserTarget<?> u) {
            // snmp4j copies the learned engine ID into the target and re-adds it to the cache on every send
            u.setAuthoritativeEngineID(new byte[0]);
        }
        mpv3.removeEngineID(address);
        // the asynchronous request path also fills an empty context engine ID from this cache (RFC 5343 discovery)
        snmp.removeCachedContextEngineId(address);
    }

    public UdpAddress localAddress() {
        return transport.getListenAddress();
    }

    public Snmp snmp() {
        return snmp;
    }

    @Override
    public void close() throws IOException {
        snmp.close();
    }
}
