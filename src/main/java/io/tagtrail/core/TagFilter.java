package io.tagtrail.core;

/** Decides which shopper-carried tags count in shopper figures (staff badges do not). */
public interface TagFilter {
    TagFilter ALL = new TagFilter() {
        @Override
        public boolean counts(long epcHi, long epcLo) {
            return true;
        }

        @Override
        public int generation() {
            return 0;
        }
    };

    boolean counts(long epcHi, long epcLo);

    /** Changes whenever the answers may have changed, so that cached decisions are taken again. */
    int generation();
}
