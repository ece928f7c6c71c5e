package org.lcms.model.internal.embedded;

import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.listener.LDAPListener;
import com.unboundid.ldap.listener.LDAPListenerConfig;
import com.unboundid.ldap.protocol.GenericResponseProtocolOp;
import com.unboundid.ldap.protocol.LDAPMessage;
import com.unboundid.ldap.protocol.ProtocolOp;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPResult;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldif.LDIFAddChangeRecord;
import com.unboundid.ldif.LDIFChangeRecord;
import com.unboundid.ldif.LDIFDeleteChangeRecord;
import com.unboundid.ldif.LDIFException;
import com.unboundid.ldif.LDIFModifyChangeRecord;
import com.unboundid.ldif.LDIFModifyDNChangeRecord;
import com.unboundid.ldif.LDIFReader;
import com.unboundid.ldif.LDIFWriter;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.lcms.model.internal.ldap.LcmsSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default directory: an UnboundID in-memory LDAP server on a loopback port, made durable.
 *
 * <p>The in-memory server keeps nothing on disk, so every successful write passes through one lock that
 * applies it, appends it to an fsync'd {@link ChangeJournal} and only then answers the client: an acknowledged
 * change is on disk before anyone learns it happened, so {@code kill -9} cannot lose it. Every
 * {@code snapshotEvery} changes (and at a clean stop) the whole tree is written to {@code snapshot.ldif}
 * (temp file, fsync, atomic rename) and the journal is emptied. Opening replays snapshot + journal; a record
 * torn by a crash was never acknowledged and is cut off.
 *
 * <p>Files in the data directory: {@code snapshot.ldif}, {@code journal}, {@code lock} (held while open, so two
 * processes never share one directory).
 */
public final class EmbeddedDirectory implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDirectory.class);
    private static final String SNAPSHOT = "snapshot.ldif";
    private static final String JOURNAL = "journal";
    private static final String SNAPSHOT_HEADER = "# lcms-snapshot sequence=";
    /** The service account LCMS binds as; its password is random per start and never leaves the process. */
    public static final String BIND_DN = "cn=lcms-service";

    /** Where and how to run. {@code port} 0 picks a free port. */
    public record Settings(Path dataDirectory, String baseDn, InetAddress listenAddress, int port, int snapshotEvery) {
    }

    private final Settings settings;
    private final InMemoryRequestHandler handler;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final String bindPassword;
    private ChangeJournal journal;
    private LDAPListener listener;
    private long sequence;
    private int sinceSnapshot;
    private volatile String failure;

    private EmbeddedDirectory(Settings settings, InMemoryRequestHandler handler, FileChannel lockChannel,
                              FileLock fileLock, String bindPassword) {
        this.settings = settings;
        this.handler = handler;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.bindPassword = bindPassword;
    }

    /**
     * Opens the data directory (creating it if needed), restores its content and starts listening.
     *
     * @throws IOException with a message naming the directory if it cannot be used
     */
    public static EmbeddedDirectory open(Settings settings) throws IOException {
        Path dir = settings.dataDirectory();
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw new IOException("embedded directory data directory " + dir + " is not writable");
        }
        FileChannel lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("embedded directory data in " + dir + " is in use by another LCMS (its lock file "
                + "is held); stop the other instance or configure another embedded.dataDirectory");
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        EmbeddedDirectory d = null;
        try {
            InMemoryDirectoryServerConfig cfg = new InMemoryDirectoryServerConfig(settings.baseDn());
            cfg.setSchema(LcmsSchema.standardPlusLcms());
            cfg.addAdditionalBindCredentials(BIND_DN, password);
            // Nobody reads or writes anonymously, not even on loopback.
            cfg.setAuthenticationRequiredOperationTypes(EnumSet.of(OperationType.ADD, OperationType.COMPARE,
                OperationType.DELETE, OperationType.MODIFY, OperationType.MODIFY_DN, OperationType.SEARCH));
            cfg.setMaxChangeLogEntries(0);
            d = new EmbeddedDirectory(settings, new InMemoryRequestHandler(cfg), lockChannel, lock, password);
            d.restore();
            d.listen();
            return d;
        } catch (LDAPException | IOException | RuntimeException e) {
            if (d != null) {
                d.closeQuietly();
            } else {
                lock.release();
                lockChannel.close();
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("embedded directory in " + dir + " could not start: " + e.getMessage(), e);
        }
    }

    private void restore() throws IOException, LDAPException {
        Path dir = settings.dataDirectory();
        long snapshotSeq = 0;
        Path snapshot = dir.resolve(SNAPSHOT);
        if (Files.exists(snapshot)) {
            try (BufferedReader r = Files.newBufferedReader(snapshot, StandardCharsets.UTF_8)) {
                String first = r.readLine();
                if (first == null || !first.startsWith(SNAPSHOT_HEADER)) {
                    throw new IOException(snapshot + " is not an LCMS snapshot (first line: " + first + ")");
                }
                snapshotSeq = Long.parseLong(first.substring(SNAPSHOT_HEADER.length()).trim());
            }
            try (LDIFReader reader = new LDIFReader(snapshot.toFile())) {
                handler.importFromLDIF(true, reader);
            }
        }
        ChangeJournal.Contents contents = ChangeJournal.read(dir.resolve(JOURNAL));
        sequence = snapshotSeq;
        int replayed = 0;
        for (ChangeJournal.Entry e : contents.entries()) {
            if (e.sequence() <= snapshotSeq) {
                continue; // already in the snapshot (a crash came between snapshot and journal reset)
            }
            if (e.sequence() != sequence + 1) {
                throw new IOException(dir.resolve(JOURNAL) + ": record " + e.sequence() + " follows " + sequence
                    + "; the journal is damaged (a record is missing). Restore the data directory from a backup");
            }
            replay(e);
            sequence = e.sequence();
            replayed++;
        }
        if (contents.tornTail()) {
            LOG.warn("Embedded directory {}: cut off an incomplete journal record after change {} (a crash "
                + "interrupted its write; it was never acknowledged)", dir, sequence);
        }
        journal = ChangeJournal.openForAppend(dir.resolve(JOURNAL), contents.validLength());
        sinceSnapshot = replayed;
        LOG.info("Embedded directory {}: restored {} entries (snapshot at change {}, {} journal changes replayed)",
            dir, handler.countEntries(false), snapshotSeq, replayed);
    }

    private void replay(ChangeJournal.Entry e) throws IOException, LDAPException {
        LDIFChangeRecord record;
        try {
            record = LDIFReader.decodeChangeRecord(e.ldif().split("\n"));
        } catch (LDIFException ex) {
            throw new IOException("journal record " + e.sequence() + " is not valid LDIF: " + ex.getMessage(), ex);
        }
        if (record instanceof LDIFAddChangeRecord add) {
            handler.add(add.toAddRequest());
        } else if (record instanceof LDIFModifyChangeRecord mod) {
            handler.modify(mod.toModifyRequest());
        } else if (record instanceof LDIFDeleteChangeRecord del) {
            handler.delete(del.toDeleteRequest());
        } else if (record instanceof LDIFModifyDNChangeRecord mdn) {
            handler.modifyDN(mdn.toModifyDNRequest());
        } else {
            throw new IOException("journal record " + e.sequence() + " has an unknown change type");
        }
    }

    private void listen() throws IOException {
        LDAPListenerConfig cfg = new LDAPListenerConfig(settings.port(), new JournalingRequestHandler(handler, this));
        cfg.setListenAddress(settings.listenAddress());
        listener = new LDAPListener(cfg);
        listener.startListening();
    }

    /**
     * Runs one client write under the write lock: {@code apply} changes the in-memory tree and returns the
     * response; on success the change is journaled (fsync'd) before the response is returned. If the journal
     * cannot be written, the in-memory tree is rebuilt from disk (so it never holds what the disk does not) and
     * the client gets {@code unavailable} instead of success.
     */
    LDAPMessage write(int messageId, Supplier<LDAPMessage> apply, Supplier<LDIFChangeRecord> change,
                      Function<LDAPResult, ProtocolOp> errorResponse) {
        writeLock.lock();
        try {
            if (failure != null) {
                return error(messageId, errorResponse, "the embedded directory stopped accepting changes after a "
                    + "disk failure (" + failure + "); restart LCMS");
            }
            LDAPMessage response = apply.get();
            if (!(response.getProtocolOp() instanceof GenericResponseProtocolOp result)
                || result.getResultCode() != ResultCode.SUCCESS_INT_VALUE) {
                return response;
            }
            try {
                journal.append(sequence + 1, change.get().toLDIFString());
                sequence++;
                sinceSnapshot++;
            } catch (IOException e) {
                LOG.error("Embedded directory {}: a change could not be written to the journal ({}); it was "
                    + "refused. Check free disk space and permissions", settings.dataDirectory(), e.toString());
                rebuildFromDisk();
                return error(messageId, errorResponse, "the change could not be made durable (" + e.getMessage()
                    + "); nothing was changed");
            }
            if (sinceSnapshot >= settings.snapshotEvery()) {
                try {
                    snapshot();
                } catch (IOException | LDAPException e) {
                    // The journal still holds every change: nothing is lost, the next write retries.
                    LOG.warn("Embedded directory {}: snapshot failed ({}); the journal keeps the changes",
                        settings.dataDirectory(), e.toString());
                }
            }
            return response;
        } finally {
            writeLock.unlock();
        }
    }

    private static LDAPMessage error(int messageId, Function<LDAPResult, ProtocolOp> errorResponse, String text) {
        return new LDAPMessage(messageId, errorResponse.apply(
            new LDAPResult(messageId, ResultCode.UNAVAILABLE, text, null, (String[]) null, (Control[]) null)));
    }

    private void rebuildFromDisk() {
        try {
            journal.close();
            handler.clear();
            restore();
        } catch (IOException | LDAPException e) {
            failure = e.toString();
            LOG.error("Embedded directory {}: could not reload from disk after a journal failure ({}); refusing "
                + "all requests until restarted", settings.dataDirectory(), failure);
        }
    }

    /** Writes a snapshot of the whole tree and empties the journal. Caller holds the write lock. */
    private void snapshot() throws IOException, LDAPException {
        Path dir = settings.dataDirectory();
        Path tmp = dir.resolve(SNAPSHOT + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write((SNAPSHOT_HEADER + sequence + "\n").getBytes(StandardCharsets.US_ASCII));
            LDIFWriter writer = new LDIFWriter(out);
            handler.exportToLDIF(writer, false, true, false);
            writer.flush();
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(SNAPSHOT), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically; use a local disk", e);
        }
        fsyncDirectory(dir);
        journal.reset();
        sinceSnapshot = 0;
    }

    private static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory for fsync; the rename is still atomic there.
            LOG.debug("fsync of directory {} not possible: {}", dir, e.toString());
        }
    }

    public String host() {
        return settings.listenAddress().getHostAddress();
    }

    public int port() {
        return listener.getListenPort();
    }

    public String bindPassword() {
        return bindPassword;
    }

    /** The number of changes since the data directory was created. */
    public long sequence() {
        writeLock.lock();
        try {
            return sequence;
        } finally {
            writeLock.unlock();
        }
    }

    public Path dataDirectory() {
        return settings.dataDirectory();
    }

    /** Stops listening, writes a final snapshot and releases the data directory. */
    @Override
    public void close() throws IOException {
        if (listener != null) {
            listener.shutDown(true);
        }
        writeLock.lock();
        try {
            if (failure == null && sinceSnapshot > 0) {
                try {
                    snapshot();
                } catch (LDAPException e) {
                    LOG.warn("Embedded directory {}: final snapshot failed ({}); the journal keeps the changes",
                        settings.dataDirectory(), e.toString());
                }
            }
        } finally {
            journal.close();
            writeLock.unlock();
            fileLock.release();
            lockChannel.close();
        }
    }

    private void closeQuietly() {
        try {
            if (listener != null) {
                listener.shutDown(true);
            }
            if (journal != null) {
                journal.close();
            }
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("closing after a failed start: {}", e.toString());
        }
    }
}
