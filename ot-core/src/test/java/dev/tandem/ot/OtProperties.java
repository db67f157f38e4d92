package dev.tandem.ot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ot.Component.Insert;
import dev.tandem.ot.Component.Retain;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OT guarantees, over generated documents and operations (astral characters and the empty document
 * included). Seeded, so a failure reproduces: jqwik prints the seed and the shrunk example.
 */
class OtProperties {
    static final String SEED = "20261121";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Property(tries = 2000, seed = SEED)
    void concurrentOperationsConverge(@ForAll("concurrent") OtArbitraries.Concurrent c) {
        String viaA = Ot.apply(Ot.apply(c.document(), c.a()), Ot.transform(c.b(), c.a(), Side.LEFT));
        String viaB = Ot.apply(Ot.apply(c.document(), c.b()), Ot.transform(c.a(), c.b(), Side.RIGHT));
        assertThat(viaA).isEqualTo(viaB);
    }

    @Property(tries = 1000, seed = SEED)
    void transformedOperationFitsTheOtherSidesDocument(@ForAll("concurrent") OtArbitraries.Concurrent c) {
        String afterB = Ot.apply(c.document(), c.b());
        TextOperation aPrime = Ot.transform(c.a(), c.b(), Side.LEFT);
        assertThat(aPrime.baseLength()).isLessThanOrEqualTo(CodePoints.length(afterB));
        assertThat(aPrime.insertedLength()).isEqualTo(c.a().insertedLength());
    }

    @Property(tries = 1000, seed = SEED)
    void transformAgainstNoopChangesNothing(@ForAll("edited") OtArbitraries.Edited e) {
        assertThat(Ot.transform(e.op(), TextOperation.noop(), Side.LEFT)).isEqualTo(e.op());
        assertThat(Ot.transform(e.op(), TextOperation.noop(), Side.RIGHT)).isEqualTo(e.op());
    }

    @Property(tries = 2000, seed = SEED)
    void composeEqualsSequentialApply(@ForAll("sequential") OtArbitraries.Sequential s) {
        String stepByStep = Ot.apply(Ot.apply(s.document(), s.first()), s.second());
        assertThat(Ot.apply(s.document(), Ot.compose(s.first(), s.second()))).isEqualTo(stepByStep);
    }

    @Property(tries = 2000, seed = SEED)
    void invertRoundTrips(@ForAll("edited") OtArbitraries.Edited e) {
        String after = Ot.apply(e.document(), e.op());
        TextOperation undo = Ot.invert(e.op(), e.document());
        assertThat(Ot.apply(after, undo)).isEqualTo(e.document());
        assertThat(Ot.invert(undo, after)).isEqualTo(e.op());
    }

    @Property(tries = 2000, seed = SEED)
    void transformPositionAgreesWithTransformingAOneCharacterInsert(
            @ForAll("edited") OtArbitraries.Edited e, @ForAll @IntRange(max = 60) int rawPosition,
            @ForAll boolean ownOp) {
        int position = rawPosition % (CodePoints.length(e.document()) + 1);
        TextOperation marker = TextOperation.insert(position, "#");
        TextOperation moved = Ot.transform(marker, e.op(), ownOp ? Side.RIGHT : Side.LEFT);
        assertThat(Ot.transformPosition(position, e.op(), ownOp)).isEqualTo(insertPosition(moved));
    }

    @Property(tries = 1000, seed = SEED)
    void transformPositionIsMonotone(@ForAll("edited") OtArbitraries.Edited e, @ForAll boolean ownOp) {
        int length = CodePoints.length(e.document());
        int previous = Integer.MIN_VALUE;
        for (int p = 0; p <= length; p++) {
            int moved = Ot.transformPosition(p, e.op(), ownOp);
            assertThat(moved).isGreaterThanOrEqualTo(previous);
            previous = moved;
        }
    }

    @Property(tries = 2000, seed = SEED)
    void jsonRoundTrips(@ForAll("edited") OtArbitraries.Edited e) throws Exception {
        assertThat(TextOperation.fromJson(e.op().toJson())).isEqualTo(e.op());
        String text = JSON.writeValueAsString(e.op().toJson());
        List<Object> parsed = JSON.readValue(text, new TypeReference<>() { });
        assertThat(TextOperation.fromJson(parsed)).isEqualTo(e.op());
    }

    @Property(tries = 2000, seed = SEED)
    void ropeAndStringApplyAgree(@ForAll("sequential") OtArbitraries.Sequential s) {
        Rope rope = Ot.apply(Ot.apply(Rope.of(s.document()), s.first()), s.second());
        assertThat(rope.toString()).isEqualTo(Ot.apply(Ot.apply(s.document(), s.first()), s.second()));
        assertThat(rope.isBalanced()).isTrue();
    }

    private static int insertPosition(TextOperation singleInsert) {
        List<Component> parts = singleInsert.components();
        Component first = parts.get(0);
        assertThat(parts.get(parts.size() - 1)).isInstanceOf(Insert.class);
        return first instanceof Retain r ? r.count() : 0;
    }

    @Provide
    Arbitrary<OtArbitraries.Concurrent> concurrent() {
        return OtArbitraries.concurrent();
    }

    @Provide
    Arbitrary<OtArbitraries.Edited> edited() {
        return OtArbitraries.edited();
    }

    @Provide
    Arbitrary<OtArbitraries.Sequential> sequential() {
        return OtArbitraries.sequential();
    }
}
