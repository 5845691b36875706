package io.tagtrail.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagKindTest {

    @Test
    void classifiesGs1HeadersFromTheTagDataStandard() {
        assertEquals(TagKind.LOYALTY_CARD, TagKind.ofHeader(0x2D));
        assertEquals(TagKind.STORE_ASSET, TagKind.ofHeader(0x35));
        assertEquals(TagKind.MERCHANDISE, TagKind.ofHeader(0x30));
    }

    @Test
    void classifiesEveryOtherHeaderAsUnknown() {
        int unknown = 0;
        for (int h = 0; h < 256; h++) {
            if (h != 0x2D && h != 0x35 && h != 0x30) {
                assertEquals(TagKind.UNKNOWN, TagKind.ofHeader(h), "header " + h);
                unknown++;
            }
        }
        assertEquals(253, unknown);
    }

    @Test
    void onlyLoyaltyCardsAndStoreAssetsAreShopperCarried() {
        assertTrue(TagKind.LOYALTY_CARD.isShopperCarried());
        assertTrue(TagKind.STORE_ASSET.isShopperCarried());
        assertFalse(TagKind.MERCHANDISE.isShopperCarried());
        assertFalse(TagKind.UNKNOWN.isShopperCarried());
    }

    @Test
    void classifiesByTheHeaderOfAParsedEpc() {
        long[] epc = new long[2];
        assertTrue(Epc.parseHex("2D40A3B1C2D3000000004D2F", epc));
        assertEquals(TagKind.LOYALTY_CARD, TagKind.ofHeader(Epc.header(epc[0])));
        assertTrue(Epc.parseHex("E28011132000000000000000", epc));
        assertEquals(TagKind.UNKNOWN, TagKind.ofHeader(Epc.header(epc[0])));
    }
}
