package io.tagtrail.core;

import io.tagtrail.layout.StoreLayout;
import io.tagtrail.layout.ZoneKind;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns one store's reads, in event-time order, into zone visits and trips. Time only moves through the reads and
 * {@link #advanceTo(long)}; nothing here reads a clock.
 *
 * <p>Tags live on two intrusive lists ordered by the time they were last seen: <em>active</em> tags (seen within
 * the lost timeout) and <em>dormant</em> ones (lost from their zone, trip still open). Because reads arrive in
 * event-time order, moving a tag to the tail on every read keeps both lists sorted, so expiry only ever looks at
 * the heads.
 */
public final class PresenceTracker {
    private static final byte NONE = 0;
    private static final byte ACTIVE = 1;
    private static final byte DORMANT = 2;

    private final StoreLayout layout;
    private final PresenceConfig cfg;
    private final TagFilter filter;
    private final PresenceListener listener;
    private final TagTable tags = new TagTable(1024);
    private final long lostMillis;
    private final long tripMillis;
    private final long backdateMillis;
    private final long graceMillis;
    private final long confirmWindowMillis;
    private final boolean[] entrance;

    private TagPresence activeHead;
    private TagPresence activeTail;
    private TagPresence dormantHead;
    private TagPresence dormantTail;
    private int openVisits;
    private int shopperTags;

    public PresenceTracker(StoreLayout layout, PresenceConfig cfg, TagFilter filter, PresenceListener listener) {
        this.layout = layout;
        this.cfg = cfg;
        this.filter = filter;
        this.listener = listener;
        this.lostMillis = cfg.lostTimeout().toMillis();
        this.tripMillis = cfg.tripTimeout().toMillis();
        this.backdateMillis = cfg.maxBackdate().toMillis();
        this.graceMillis = cfg.agingGrace().toMillis();
        this.confirmWindowMillis = cfg.confirmWindow().toMillis();
        this.entrance = new boolean[layout.zoneCount()];
        for (int z = 0; z < entrance.length; z++) {
            entrance[z] = layout.zone(z).kind() == ZoneKind.ENTRANCE;
        }
    }

    /** Tags currently tracked (active or dormant, shoppers and excluded tags alike). */
    public int trackedTags() {
        return tags.size();
    }

    public int openVisits() {
        return openVisits;
    }

    /** Tracked tags that count in shopper figures (staff badges excluded). */
    public int shopperTags() {
        return shopperTags;
    }

    /** One read of a shopper-carried tag whose zone is resolved, not earlier than any read before it. */
    public void onRead(long epcHi, long epcLo, int zoneIndex, long timeMillis, int rssiCdbm) {
        TagPresence p = tags.get(epcHi, epcLo);
        if (p == null) {
            p = new TagPresence(epcHi, epcLo);
            p.filterGeneration = filter.generation();
            p.excluded = !filter.counts(epcHi, epcLo);
            tags.put(p);
            if (!p.excluded) {
                shopperTags++;
            }
        } else if (p.filterGeneration != filter.generation()) {
            p.filterGeneration = filter.generation();
            boolean was = p.excluded;
            p.excluded = !filter.counts(epcHi, epcLo);
            if (p.excluded && !was) {
                shopperTags--;
                discard(p);
            } else if (!p.excluded && was) {
                shopperTags++;
            }
        }
        p.lastSeenMillis = timeMillis;
        unlink(p);
        linkActive(p);
        if (p.excluded) {
            return;
        }
        if (p.observe(zoneIndex, timeMillis, rssiCdbm / 100.0, cfg, graceMillis, confirmWindowMillis)) {
            long enter = Math.max(p.runStart(zoneIndex), timeMillis - backdateMillis);
            if (p.zone >= 0) {
                enter = Math.max(enter, p.enterMillis + 1);
                closeVisit(p, enter);
            } else if (p.inTrip) {
                enter = Math.max(enter, p.lastZoneReadMillis() + 1);
            }
            openVisit(p, zoneIndex, enter);
        }
    }

    /** Event time has reached {@code watermarkMillis}: close what can no longer change. */
    public void advanceTo(long watermarkMillis) {
        while (activeHead != null && activeHead.lastSeenMillis + lostMillis <= watermarkMillis) {
            TagPresence p = activeHead;
            unlink(p);
            int lastZone = p.zone;
            if (lastZone >= 0) {
                closeVisit(p, p.lastZoneReadMillis());
            }
            if (p.inTrip && (lastZone >= 0 && entrance[lastZone])) {
                closeTrip(p, true);
                forget(p);
            } else if (p.inTrip) {
                linkDormant(p);
            } else {
                forget(p);
            }
        }
        while (dormantHead != null && dormantHead.lastSeenMillis + tripMillis <= watermarkMillis) {
            TagPresence p = dormantHead;
            unlink(p);
            closeTrip(p, false);
            forget(p);
        }
    }

    /** Closes every open visit and trip, as at shutdown or the end of a stream: nothing open is lost. */
    public void closeAll() {
        List<TagPresence> all = new ArrayList<>();
        for (TagPresence p = activeHead; p != null; p = p.next) {
            all.add(p);
        }
        for (TagPresence p = dormantHead; p != null; p = p.next) {
            all.add(p);
        }
        all.sort((a, b) -> Long.compare(a.lastSeenMillis, b.lastSeenMillis));
        for (TagPresence p : all) {
            unlink(p);
            if (p.zone >= 0) {
                closeVisit(p, p.lastZoneReadMillis());
            }
            if (p.inTrip) {
                closeTrip(p, entrance[p.lastPathZone()]);
            }
            forget(p);
        }
    }

    private void forget(TagPresence p) {
        tags.remove(p.epcHi, p.epcLo);
        if (!p.excluded) {
            shopperTags--;
        }
    }

    private void discard(TagPresence p) {
        if (p.zone >= 0) {
            int zone = p.zone;
            p.zone = -1;
            openVisits--;
            listener.visitCancelled(p.epcHi, p.epcLo, zone);
        }
        p.resetTrip();
    }

    private void openVisit(TagPresence p, int zoneIndex, long enterMillis) {
        int previous = p.inTrip ? p.lastPathZone() : -1;
        p.enterZone(zoneIndex, enterMillis);
        if (!p.inTrip) {
            p.inTrip = true;
            p.tripStartMillis = enterMillis;
        }
        p.appendToPath(zoneIndex);
        openVisits++;
        listener.visitOpened(p.epcHi, p.epcLo, zoneIndex, enterMillis, previous);
    }

    private void closeVisit(TagPresence p, long exitMillis) {
        long exit = Math.max(exitMillis, p.enterMillis);
        openVisits--;
        listener.visitClosed(new ZoneVisit(p.epcHi, p.epcLo, p.zone, p.enterMillis, exit, p.visitReads()));
        p.leaveZone();
    }

    private void closeTrip(TagPresence p, boolean byEntrance) {
        long end = Math.max(p.lastSeenMillis, p.tripStartMillis);
        listener.tripClosed(new Trip(p.epcHi, p.epcLo, p.tripStartMillis, end, p.pathCopy(), byEntrance));
        p.resetTrip();
    }

    private void linkActive(TagPresence p) {
        p.list = ACTIVE;
        p.prev = activeTail;
        p.next = null;
        if (activeTail == null) {
            activeHead = p;
        } else {
            activeTail.next = p;
        }
        activeTail = p;
    }

    private void linkDormant(TagPresence p) {
        p.list = DORMANT;
        p.prev = dormantTail;
        p.next = null;
        if (dormantTail == null) {
            dormantHead = p;
        } else {
            dormantTail.next = p;
        }
        dormantTail = p;
    }

    private void unlink(TagPresence p) {
        if (p.list == NONE) {
            return;
        }
        boolean active = p.list == ACTIVE;
        if (p.prev == null) {
            if (active) {
                activeHead = p.next;
            } else {
                dormantHead = p.next;
            }
        } else {
            p.prev.next = p.next;
        }
        if (p.next == null) {
            if (active) {
                activeTail = p.prev;
            } else {
                dormantTail = p.prev;
            }
        } else {
            p.next.prev = p.prev;
        }
        p.prev = null;
        p.next = null;
        p.list = NONE;
    }
}
