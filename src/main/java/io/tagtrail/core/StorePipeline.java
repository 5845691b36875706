package io.tagtrail.core;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.member.MemberDirectory;
import io.tagtrail.model.Epc;
import io.tagtrail.model.RejectReason;
import io.tagtrail.model.TagKind;
import io.tagtrail.model.TagRead;

import java.util.Collection;
import java.util.Set;

/**
 * All analytics state of one store, behind one owner: zone resolution, tag-kind triage, event-time ordering,
 * presence, traffic windows and live occupancy, joined to the member directory on the way out. Plain and
 * single-threaded: the caller guarantees that one thread at a time drives it, and passes wall time in explicitly.
 */
public final class StorePipeline implements ReorderBuffer.Released, PresenceListener {
    private StoreLayout layout;
    private StoreLayout pendingLayout;
    private final PipelineConfig cfg;
    private final MemberDirectory members;
    private final ResultSink sink;
    private ReorderBuffer reorder;
    private PresenceTracker presence;
    private TrafficWindows traffic;
    private LiveOccupancy occupancy;
    private ReaderHealth readers;
    private final PipelineCounters counters = new PipelineCounters();
    private final long latenessMicros;
    private final long idleMillis;
    private final long futureSkewMicros;
    private long lastArrivalWallMillis = Long.MIN_VALUE;
    private boolean lastReadLate;
    private long releasedMillis = Long.MIN_VALUE;
    private long lastQuietMillis = Long.MIN_VALUE;
    /** The newest minute of reader health already written, while replaying (see {@link #replayHealthAfter}). */
    private long healthWrittenUpToMillis = Long.MAX_VALUE;
    /** The readers (by id) with a row in the minute {@link #healthWrittenUpToMillis}. */
    private Set<String> healthWrittenAtNewest = Set.of();
    private static final long QUIET_REPORT_MILLIS = 60_000;

    public StorePipeline(StoreLayout layout, PipelineConfig cfg, MemberDirectory members, ResultSink sink) {
        this.cfg = cfg;
        this.members = members;
        this.sink = sink;
        build(layout, Long.MIN_VALUE);
        this.latenessMicros = cfg.eventTime().allowedLateness().toNanos() / 1000;
        this.idleMillis = cfg.eventTime().idleTimeout().toMillis();
        this.futureSkewMicros = cfg.eventTime().maxFutureSkew().toNanos() / 1000;
    }

    /** Sets up every layout-dependent stage for {@code next}; reads at or before {@code releasedMicros} are late. */
    private void build(StoreLayout next, long releasedMicros) {
        this.layout = next;
        this.reorder = new ReorderBuffer(cfg.eventTime(), releasedMicros);
        this.presence = new PresenceTracker(next, cfg.presence(), members, this);
        this.traffic = new TrafficWindows(next, cfg.presence().settleMillis() + 1_000,
                minute -> sink.minute(next, minute));
        this.occupancy = new LiveOccupancy(next.zoneCount(), cfg.occupancyInterval().toMillis(),
                (t, occ) -> sink.occupancy(next, t, occ));
        this.readers = new ReaderHealth(next.readers().size(), m -> sink.readerMinute(next, m));
    }

    /** The layout in force now. */
    public StoreLayout layout() {
        return layout;
    }

    /**
     * A new version of the store's layout, in force from its {@code effective_from}: the first read at or after
     * that instant switches the store over. Everything before it is finished under the old layout (open visits
     * and trips close at their last reads), so history is never rewritten; reads that arrive later for times
     * before the switch are late.
     */
    public void scheduleLayout(StoreLayout next) {
        if (!next.storeId().equals(layout.storeId())) {
            throw new IllegalArgumentException("layout of store " + next.storeId() + " for store " + layout.storeId());
        }
        pendingLayout = next;
    }

    /**
     * Before the first read: starts under {@code earlier}, an older version of the store's layout (the one in force
     * where a replay after a restart begins), with the current layout scheduled to take over at its effective time.
     */
    public void startUnder(StoreLayout earlier) {
        if (reorder.newestMicros() != Long.MIN_VALUE || lastArrivalWallMillis != Long.MIN_VALUE) {
            throw new IllegalStateException("store " + layout.storeId() + " has taken reads already");
        }
        if (!earlier.storeId().equals(layout.storeId()) || earlier.version() >= newestLayout().version()) {
            throw new IllegalArgumentException("layout v" + earlier.version() + " of store " + earlier.storeId()
                    + " is not older than v" + newestLayout().version() + " of store " + layout.storeId());
        }
        StoreLayout current = newestLayout();
        build(earlier, Long.MIN_VALUE);
        pendingLayout = current;
    }

    /** The layout that will be in force after the scheduled switch, or the current one. */
    public StoreLayout newestLayout() {
        return pendingLayout != null ? pendingLayout : layout;
    }

    /** The reader index of a reader name for a read at {@code timeMicros}, under the layout in force then. */
    public int readerIndexAt(String readerName, long timeMicros) {
        StoreLayout l = pendingLayout != null && timeMicros >= effectiveMicros(pendingLayout) ? pendingLayout : layout;
        return l.readerIndex(readerName);
    }

    /** Whether reads may need a layout other than the current one. */
    public boolean layoutPending() {
        return pendingLayout != null;
    }

    private static long effectiveMicros(StoreLayout l) {
        return l.effectiveFrom().getEpochSecond() * 1_000_000L + l.effectiveFrom().getNano() / 1000;
    }

    private void switchLayout(long wallMillis) {
        StoreLayout next = pendingLayout;
        pendingLayout = null;
        long from = effectiveMicros(next);
        reorder.releaseUpTo(from - 1, this);
        advance();
        presence.closeAll();
        traffic.flush();
        occupancy.advanceTo(releasedMillis + 1);
        StoreLayout previous = layout;
        ReaderHealth counted = readers;
        build(next, Math.max(from - 1, reorder.releasedUpToMicros()));
        int[] nextIndex = new int[previous.readers().size()];
        for (int r = 0; r < nextIndex.length; r++) {
            nextIndex[r] = next.readerIndex(previous.reader(r).id());
        }
        // the minute of the switch is written once, with the reads of both layouts
        counted.handOver(readers, nextIndex);
        lastArrivalWallMillis = wallMillis;
        counters.countLayoutSwitch();
    }

    public PipelineCounters counters() {
        return counters;
    }

    public int openVisits() {
        return presence.openVisits();
    }

    public int trackedTags() {
        return presence.trackedTags();
    }

    /** Live occupancy by zone index. */
    public int[] occupancyNow() {
        return occupancy.snapshot();
    }

    /** Event time up to which results are final, epoch millis (Long.MIN_VALUE before the first read). */
    public long watermarkMillis() {
        return releasedMillis;
    }

    /**
     * Takes one decoded read whose reader index and antenna are set. The pipeline owns the read afterwards.
     *
     * @param wallMillis the receiving clock, for the future-timestamp check and idle detection
     * @return null when accepted, else why it was rejected (already counted)
     */
    public RejectReason onRead(TagRead read, long wallMillis) {
        return take(read, wallMillis, false);
    }

    /**
     * The intake took reads from this message of reader {@code readerId}, with times from {@code firstMicros} to
     * {@code lastMicros} (none taken: the message's late reads): it goes to the intake log
     * ({@link ResultSink#intakeMessage}).
     */
    public void messageTaken(String readerId, long firstMicros, long lastMicros, long wallMillis, byte[] payload,
                             long payloadHash, int[] skipped) {
        sink.intakeMessage(layout, readerId, firstMicros, lastMicros, wallMillis, payload, payloadHash, skipped);
    }

    /** Whether the last read given to {@link #onRead} came late (and so was not applied, though not rejected). */
    public boolean lastReadLate() {
        return lastReadLate;
    }

    /**
     * Takes a read from the intake log while rebuilding state after a restart: the same as {@link #onRead}, but
     * the read is not logged again and its time is not checked against the clock.
     */
    public void replay(TagRead read, long wallMillis) {
        take(read, wallMillis, true);
    }

    /**
     * While replaying, reader health is counted again only where it was not written: for the minutes after
     * {@code bucketMillis}, the newest minute of this store written so far, and in that minute for the readers
     * without a row in it ({@code readersWritten}, by id): the writer commits a minute's rows in order, but not
     * necessarily all in one transaction. By default a replay counts none.
     */
    public void replayHealthAfter(long bucketMillis, Collection<String> readersWritten) {
        healthWrittenUpToMillis = bucketMillis;
        healthWrittenAtNewest = Set.copyOf(readersWritten);
    }

    /** Whether a replay counts reader health for this reader in the minute being counted (or, before, this one). */
    private boolean replayCountsHealth(long orMinuteMillis, int readerIndex) {
        long bucket = readers.bucketOr(orMinuteMillis);
        if (bucket != healthWrittenUpToMillis) {
            return bucket > healthWrittenUpToMillis;
        }
        return readerIndex < 0 || readerIndex >= layout.readers().size()
                || !healthWrittenAtNewest.contains(layout.reader(readerIndex).id());
    }

    /**
     * A read of a logged message that the intake did not take when the message arrived, met again while replaying:
     * rejected then ({@code rejected}: as the log says; {@code misnamed}: its payload named another reader than its
     * topic; for messages logged before the log told rejections apart, also an antenna outside the layout or a time
     * too far ahead of when it was received), or else late. A late read is handed to the sink again (kept raw: one
     * still waiting for the writer when the instance stopped is not lost; written again, it adds nothing); either is
     * counted for reader health as it was then, once the replay's reads have started the store's clock.
     */
    public void replayNotTaken(TagRead read, long receivedMillis, boolean rejected, boolean misnamed,
                               long wallMillis) {
        boolean future = read.timeMicros - receivedMillis * 1000 > futureSkewMicros;
        if (!future && !misnamed && pendingLayout != null && read.timeMicros >= effectiveMicros(pendingLayout)) {
            // as the read did when it arrived: only one that reached the layout's stage and was not stamped far
            // ahead brings the next layout in
            switchLayout(wallMillis);
        }
        int reader = indexInForce(read);
        if (reader < 0) {
            return;
        }
        read.readerIndex = reader;
        boolean refused = rejected || misnamed || future || layout.zoneOf(reader, read.antenna) < 0;
        if (!refused) {
            sink.lateRead(layout, read);
        }
        if (!replayCountsHealth(Long.MIN_VALUE, reader)) {
            return;
        }
        if (refused) {
            readers.rejected(reader);
        } else {
            readers.late(reader);
        }
    }

    /**
     * The read's reader under the layout in force: its index was looked up under the next layout when its time is
     * past that one's effective time, which a read that does not bring the next layout in leaves waiting; -1 for a
     * reader the layout in force does not have.
     */
    private int indexInForce(TagRead read) {
        int r = read.readerIndex;
        if (pendingLayout != null && r >= 0 && read.timeMicros >= effectiveMicros(pendingLayout)) {
            r = r < pendingLayout.readers().size() ? layout.readerIndex(pendingLayout.reader(r).id()) : -1;
        }
        return r < layout.readers().size() ? r : -1;
    }

    /** A read of a logged message that the decoder rejected, met again while replaying: counted as it was then. */
    public void replayRejected(int readerIndex) {
        if (readerIndex >= 0 && readerIndex < layout.readers().size()
                && replayCountsHealth(Long.MIN_VALUE, readerIndex)) {
            readers.rejected(readerIndex);
        }
    }

    private RejectReason take(TagRead read, long wallMillis, boolean replaying) {
        lastReadLate = false;
        if (!replaying && read.timeMicros - wallMillis * 1000 > futureSkewMicros) {
            // before the layout switch: a read stamped far ahead must not bring the next layout in early
            readerRejected(indexInForce(read), RejectReason.TIMESTAMP_IN_FUTURE, wallMillis);
            return RejectReason.TIMESTAMP_IN_FUTURE;
        }
        if (pendingLayout != null && read.timeMicros >= effectiveMicros(pendingLayout)) {
            switchLayout(wallMillis);
        }
        int zone = layout.zoneOf(read.readerIndex, read.antenna);
        if (zone < 0) {
            boolean known = read.readerIndex >= 0 && read.readerIndex < layout.readers().size();
            RejectReason reason = known ? RejectReason.UNKNOWN_ANTENNA : RejectReason.UNKNOWN_READER;
            if (!replaying) {
                readerRejected(read.readerIndex, reason, wallMillis);
            } else {
                // taken then, rejected under today's layout: counted where a replay counts, on no wall clock
                counters.countRejected(reason);
                if (known && replayCountsHealth(TrafficWindows.startOf(read.timeMillis()), read.readerIndex)) {
                    readers.rejected(read.readerIndex);
                }
            }
            return reason;
        }
        read.zoneIndex = zone;
        if (replaying) {
            counters.countReplayed();
        } else {
            counters.countAccepted();
        }
        lastArrivalWallMillis = wallMillis;
        TagKind kind = TagKind.ofHeader(Epc.header(read.epcHi));
        if (kind == TagKind.MERCHANDISE) {
            counters.countMerchandise();
        } else if (!kind.isShopperCarried()) {
            counters.countUnknownTag();
        } else if (!reorder.offer(read, this)) {
            lastReadLate = true;
            counters.countLate();
            if (!replaying) {
                readers.late(read.readerIndex);
                sink.lateRead(layout, read);
            }
            return null;
        }
        if (!replaying) {
            sink.rawRead(layout, read);
        }
        if (!replaying || replayCountsHealth(TrafficWindows.startOf(read.timeMillis()), read.readerIndex)) {
            readers.read(read.readerIndex, read.timeMicros);
        }
        if (kind.isShopperCarried()) {
            advance();
        }
        return null;
    }

    /**
     * Wall-clock tick: when no read has arrived for the idle timeout, event time is taken to move on with the wall
     * clock, so that visits of tags that fell silent still close although no reader reports anything.
     */
    public void onIdle(long wallMillis) {
        if (lastArrivalWallMillis == Long.MIN_VALUE || reorder.newestMicros() == Long.MIN_VALUE) {
            return;
        }
        long quietMillis = wallMillis - lastArrivalWallMillis;
        if (quietMillis >= idleMillis) {
            reorder.releaseUpTo(reorder.newestMicros() + quietMillis * 1000 - latenessMicros, this);
            advance();
        }
    }

    /** A read or payload of a known reader rejected before it reached the pipeline (by the decoder). */
    public void readerRejected(int readerIndex, RejectReason reason, long wallMillis) {
        counters.countRejected(reason);
        readers.clock(storeClockMillis(wallMillis));
        if (readerIndex >= 0 && readerIndex < layout.readers().size()) {
            readers.rejected(readerIndex);
        } else {
            readers.rejectedUnknown("?");
        }
    }

    /** A message on a topic whose reader is not in the layout. */
    public void unknownReader(String name, long wallMillis) {
        counters.countRejected(RejectReason.UNKNOWN_READER);
        readers.clock(storeClockMillis(wallMillis));
        readers.rejectedUnknown(name);
    }

    /** The store's clock: its newest reader timestamp, or the wall clock before the first read. */
    private long storeClockMillis(long wallMillis) {
        long newest = reorder.newestMicros();
        return newest == Long.MIN_VALUE ? wallMillis : Math.floorDiv(newest, 1000);
    }

    /**
     * Wall-clock tick while the instance itself holds reads back (database or broker away, writer behind): the
     * silence is ours, not the readers', so event time must not move on with the wall clock.
     */
    public void holdIdle(long wallMillis) {
        if (lastArrivalWallMillis != Long.MIN_VALUE) {
            lastArrivalWallMillis = wallMillis;
        }
    }

    /** Releases everything and closes every open visit and trip, as at shutdown or the end of a run. */
    public void finish() {
        reorder.drain(this);
        advance();
        presence.closeAll();
        traffic.flush();
        occupancy.advanceTo(releasedMillis + 1);
        readers.flush();
    }

    @Override
    public void onRead(TagRead read) {
        long t = read.timeMillis();
        presence.advanceTo(t);
        counters.countShopperRead();
        presence.onRead(read.epcHi, read.epcLo, read.zoneIndex, t, read.rssiCdbm);
    }

    @Override
    public void visitOpened(long epcHi, long epcLo, int zoneIndex, long enterMillis, int previousZone) {
        traffic.visitOpened(epcHi, epcLo, zoneIndex, enterMillis, previousZone);
        occupancy.visitOpened(zoneIndex);
    }

    @Override
    public void visitClosed(ZoneVisit visit) {
        traffic.visitClosed(visit);
        occupancy.visitClosed(visit.zoneIndex());
        counters.countVisit();
        sink.visit(layout, visit, members.lookup(visit.epcHi(), visit.epcLo()));
    }

    @Override
    public void tripClosed(Trip trip) {
        counters.countTrip();
        sink.trip(layout, trip, members.lookup(trip.epcHi(), trip.epcLo()));
    }

    @Override
    public void visitCancelled(long epcHi, long epcLo, int zoneIndex) {
        traffic.visitCancelled(epcHi, epcLo);
        occupancy.visitClosed(zoneIndex);
    }

    private void advance() {
        long bound = reorder.releasedUpToMicros();
        if (bound == Long.MIN_VALUE) {
            return;
        }
        releasedMillis = Math.floorDiv(bound, 1000);
        readers.clock(storeClockMillis(releasedMillis));
        presence.advanceTo(releasedMillis);
        traffic.advanceTo(releasedMillis);
        occupancy.advanceTo(releasedMillis);
        if (presence.shopperTags() == 0 && traffic.idle()
                && (lastQuietMillis == Long.MIN_VALUE || releasedMillis - lastQuietMillis >= QUIET_REPORT_MILLIS)) {
            lastQuietMillis = releasedMillis;
            sink.quietPoint(layout, releasedMillis);
        }
    }

    /** Duplicated reads dropped (identical tag, reader, antenna, time and RSSI). */
    public long duplicates() {
        return reorder.duplicates();
    }
}
