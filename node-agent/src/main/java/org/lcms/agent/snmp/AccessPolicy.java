package org.lcms.agent.snmp;

import org.lcms.mib.LcmsMib;
import java.util.List;
import java.util.Optional;
import org.lcms.agent.config.AgentConfig;
import org.snmp4j.agent.mo.snmp.SnmpCommunityMIB;
import org.snmp4j.agent.mo.snmp.StorageType;
import org.snmp4j.agent.mo.snmp.VacmMIB;
import org.snmp4j.agent.security.MutableVACM;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthHMAC256SHA384;
import org.snmp4j.security.AuthHMAC384SHA512;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivAES256;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityModel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.security.UsmUser;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

/**
 * Who may do what, from the configuration: the USM users, the optional v2c read-only community, and the VACM
 * that gives
 * <ul>
 * <li>every configured user and the community the read view: system group + LCMS-MIB, nothing else;</li>
 * <li>users with access=readwrite also the write view: the writable role objects only;</li>
 * <li>each group at least the security level of its users (an authPriv user asking with authNoPriv gets no
 * access).</li>
 * </ul>
 * The USM/VACM/community tables live only in memory here: they are never registered in the MOServer, so no
 * manager can read or change them over SNMP.
 */
public final class AccessPolicy {
    static final OctetString READ_VIEW = new OctetString("lcmsRead");
    static final OctetString WRITE_VIEW = new OctetString("lcmsWrite");
    static final OctetString NOTIFY_VIEW = new OctetString("lcmsNotify");
    /** The VACM security name of requests with the read-only community. */
    static final OctetString V2C_READER = new OctetString("lcms-v2c-readonly");
    static final OID SYSTEM = new OID("1.3.6.1.2.1.1");
    static final OID SNMP_TRAP = new OID("1.3.6.1.6.3.1.1.4");

    /**
     * What a user with access=readwrite may write: the role objects the manager sets (the MIB's read-write ones)
     * and the two dispatch tables (their read-create columns; a SET on a read-only column of them is answered
     * notWritable by the table itself).
     */
    static final List<OID> WRITABLE = List.of(LcmsMib.LCMS_ROLE_TYPE, LcmsMib.LCMS_ROLE_CLUSTER_ID,
        LcmsMib.LCMS_ROLE_VIP_ADDRESS_TYPE, LcmsMib.LCMS_ROLE_VIP_ADDRESS, LcmsMib.LCMS_ROLE_BACKUP_RANK,
        LcmsMib.LCMS_VS_TABLE, LcmsMib.LCMS_RS_TABLE, LcmsMib.LCMS_FAILOVER_HAND_OVER_TO,
        LcmsMib.LCMS_FAILOVER_POLICY_SET);

    private AccessPolicy() {
    }

    /**
     * Only the protocols LCMS offers: SHA-2 authentication, AES privacy.
     *
     * <p>net-snmp (5.9.3) equivalents: sha256/sha384/sha512 = {@code -a SHA-256 | SHA-384 | SHA-512}; aes128 =
     * {@code -x AES}; aes256 = {@code -x AES-256} (alias {@code AES256}). AES-256 needs 32 key octets; snmp4j's
     * {@link PrivAES256} would extend a shorter localized key as draft-blumenthal-aes-usm-04 does (Kul || H(Kul)),
     * which is net-snmp's {@code AES-256}; the Reeder/Cisco "3DES" key extension is snmp4j's
     * {@code nonstandard.PrivAES256With3DESKeyExtension} and net-snmp's {@code -x AES-256-C} ({@code AES256C};
     * net-snmp 5.9.3 rejects the spelling {@code AES-256C}). With the SHA-2 protocols here no extension ever
     * happens: the localized key is 32 (SHA-256), 48 (SHA-384) or 64 (SHA-512) octets and is truncated to 32, so
     * net-snmp's {@code AES-256} and {@code AES-256-C} both interoperate (SnmpV3UserTest). The variants would
     * differ only with MD5, SHA-1 or SHA-224, which LCMS does not offer.
     */
    public static SecurityProtocols securityProtocols() {
        SecurityProtocols p = new SecurityProtocols(SecurityProtocols.SecurityProtocolSet.none);
        p.addAuthenticationProtocol(new AuthHMAC192SHA256());
        p.addAuthenticationProtocol(new AuthHMAC256SHA384());
        p.addAuthenticationProtocol(new AuthHMAC384SHA512());
        p.addPrivacyProtocol(new PrivAES128());
        p.addPrivacyProtocol(new PrivAES256());
        return p;
    }

    static void addUsers(USM usm, List<AgentConfig.User> users) {
        for (AgentConfig.User u : users) {
            // Requests and traps: keys localized once for our own engine. Informs: the receiver is authoritative,
            // so an engine-less entry may be localized for it - but only for outgoing messages. Granting incoming
            // localization (snmp4j's default) lets anyone who knows a user name make the agent localize and keep
            // one more entry per engine ID named in a message, before its HMAC is checked: unbounded growth.
            usm.addUser(new OctetString(u.name()), usm.getLocalEngineID(), usmUser(u, UsmUser.LocalizationGrant.any));
            usm.addUser(usmUser(u, UsmUser.LocalizationGrant.outgoing));
        }
    }

    /** The USM user of a configured one, with the protocols LCMS offers ({@link #securityProtocols()}). */
    public static UsmUser usmUser(AgentConfig.User u, UsmUser.LocalizationGrant grant) {
        OID auth = switch (u.auth()) {
            case SHA256 -> AuthHMAC192SHA256.ID;
            case SHA384 -> AuthHMAC256SHA384.ID;
            case SHA512 -> AuthHMAC384SHA512.ID;
        };
        boolean priv = u.level() == AgentConfig.SecurityLevel.AUTH_PRIV;
        OID privProtocol = !priv ? null : switch (u.priv()) {
            case AES128 -> PrivAES128.ID;
            case AES256 -> PrivAES256.ID;
        };
        return new UsmUser(new OctetString(u.name()), auth, new OctetString(u.authPassword()), privProtocol,
            priv ? new OctetString(u.privPassword()) : null, grant);
    }

    static void configureVacm(VacmMIB vacm, List<AgentConfig.User> users, Optional<String> community) {
        int volatileStorage = StorageType.volatile_;
        for (OID subtree : List.of(SYSTEM, LcmsMib.LCMS_MIB)) {
            vacm.addViewTreeFamily(READ_VIEW, subtree, new OctetString(), VacmMIB.vacmViewIncluded, volatileStorage);
            vacm.addViewTreeFamily(NOTIFY_VIEW, subtree, new OctetString(), VacmMIB.vacmViewIncluded,
                volatileStorage);
        }
        vacm.addViewTreeFamily(NOTIFY_VIEW, SNMP_TRAP, new OctetString(), VacmMIB.vacmViewIncluded, volatileStorage);
        for (OID writable : WRITABLE) {
            vacm.addViewTreeFamily(WRITE_VIEW, writable, new OctetString(), VacmMIB.vacmViewIncluded,
                volatileStorage);
        }
        for (AgentConfig.User u : users) {
            boolean priv = u.level() == AgentConfig.SecurityLevel.AUTH_PRIV;
            OctetString group = new OctetString((u.readWrite() ? "rw-" : "ro-") + (priv ? "authPriv" : "authNoPriv"));
            vacm.addGroup(SecurityModel.SECURITY_MODEL_USM, new OctetString(u.name()), group, volatileStorage);
            vacm.addAccess(group, new OctetString(), SecurityModel.SECURITY_MODEL_USM,
                priv ? SecurityLevel.AUTH_PRIV : SecurityLevel.AUTH_NOPRIV, MutableVACM.VACM_MATCH_EXACT, READ_VIEW,
                u.readWrite() ? WRITE_VIEW : new OctetString(), NOTIFY_VIEW, volatileStorage);
        }
        if (community.isPresent()) {
            OctetString group = new OctetString("v2c-readonly");
            vacm.addGroup(SecurityModel.SECURITY_MODEL_SNMPv2c, V2C_READER, group, volatileStorage);
            vacm.addAccess(group, new OctetString(), SecurityModel.SECURITY_MODEL_SNMPv2c, SecurityLevel.NOAUTH_NOPRIV,
                MutableVACM.VACM_MATCH_EXACT, READ_VIEW, new OctetString(), NOTIFY_VIEW, volatileStorage);
        }
    }

    /** The read-only community -> {@link #V2C_READER}; any other community is unknown (snmpInBadCommunityNames). */
    static void configureCommunity(SnmpCommunityMIB communities, OctetString engineId, Optional<String> community) {
        community.ifPresent(c -> communities.addSnmpCommunityEntry(new OctetString("readonly"), new OctetString(c),
            V2C_READER, engineId, new OctetString(), new OctetString(), StorageType.volatile_));
    }

    /**
     * The security name of a v2c notification target. snmp4j-agent 3.8.3's notification originator puts the
     * target's security name into the message as the community (it does not map it through the community
     * table), so the security name IS the community. It is in a VACM group that may only receive notifications;
     * it is not in the community table, so a request carrying it is dropped as a bad community (unless it is
     * also the read-only community, which has its own entry and read-only access).
     */
    static OctetString addNotifyCommunity(VacmMIB vacm, String community) {
        OctetString name = new OctetString(community);
        OctetString group = new OctetString("v2c-notify-only");
        vacm.addGroup(SecurityModel.SECURITY_MODEL_SNMPv2c, name, group, StorageType.volatile_);
        vacm.addAccess(group, new OctetString(), SecurityModel.SECURITY_MODEL_SNMPv2c, SecurityLevel.NOAUTH_NOPRIV,
            MutableVACM.VACM_MATCH_EXACT, new OctetString(), new OctetString(), NOTIFY_VIEW, StorageType.volatile_);
        return name;
    }
}
