package io.tagtrail.model;

/** What a tag is, by the EPC header byte (GS1 Tag Data Standard). */
public enum TagKind {
    /** GSRN-96 (header 0x2D): a loyalty membership card. */
    LOYALTY_CARD,
    /** GID-96 (header 0x35): a store asset such as a cart or basket. */
    STORE_ASSET,
    /** SGTIN-96 (header 0x30): merchandise; counted, never tracked as a shopper. */
    MERCHANDISE,
    /** Anything else: counted and dropped unless allow-listed. */
    UNKNOWN;

    public static final int HEADER_GSRN_96 = 0x2D;
    public static final int HEADER_GID_96 = 0x35;
    public static final int HEADER_SGTIN_96 = 0x30;

    public static TagKind ofHeader(int header) {
        switch (header) {
            case HEADER_GSRN_96:
                return LOYALTY_CARD;
            case HEADER_GID_96:
                return STORE_ASSET;
            case HEADER_SGTIN_96:
                return MERCHANDISE;
            default:
                return UNKNOWN;
        }
    }

    /** Whether reads of this kind feed shopper analytics. */
    public boolean isShopperCarried() {
        return this == LOYALTY_CARD || this == STORE_ASSET;
    }
}
