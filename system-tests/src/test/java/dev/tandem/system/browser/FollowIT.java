package dev.tandem.system.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.options.BoundingBox;
import dev.tandem.system.browser.FirstUseIT.Viewport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.tandem.system.browser.BrowserChecks.awaitConverged;
import static dev.tandem.system.browser.BrowserChecks.eventually;
import static dev.tandem.system.browser.BrowserChecks.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Following a collaborator (issue 12), two people in two headless Chromiums at a desktop's and a phone's width, on a
 * document of hundreds of lines: Ada clicks Grace in "Here now" and her editor goes where Grace's caret and scroll go,
 * down and up, while Grace sees that Ada follows her; Ada's own wheel, Esc, or typing stops it, on both sides. Every
 * tab's console stays free of errors.
 */
class FollowIT {
    private static final int LINES = 600;
    /**
     * Run in a page: the numbers of the lines whose gutter number is wholly inside the editor's scroller (not the
     * gutter's hidden spacer, which holds the widest number).
     */
    private static final String VISIBLE_LINES = """
            () => {
              const s = document.querySelector('.cm-scroller').getBoundingClientRect();
              return [...document.querySelectorAll('.cm-lineNumbers .cm-gutterElement')]
                .filter((e) => { const r = e.getBoundingClientRect();
                  return getComputedStyle(e).visibility !== 'hidden' && r.height > 0
                    && r.top >= s.top - 1 && r.bottom <= s.bottom + 1; })
                .map((e) => e.textContent).filter((t) => /^\\d+$/.test(t)).join(',');
            }
            """;
    private static final Pattern CARET = Pattern.compile("Ln (\\d+), Col \\d+.*");

    private static TwoBrowsers browsers;
    private static TandemServices tandem;

    private final List<Person> people = new ArrayList<>();
    private String scenario;

    @BeforeAll
    static void startTandemAndTwoBrowsers() {
        browsers = TwoBrowsers.start("FollowIT", () -> TandemServices.start("follow", Map.of()));
        tandem = browsers == null ? null : browsers.tandem;
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browsers != null) {
            browsers.close();
        }
    }

    @BeforeEach
    void name(TestInfo test) {
        assumeTrue(Chromium.isInstalled(), Chromium.MISSING);
        scenario = test.getTestMethod().orElseThrow().getName() + "-" + test.getDisplayName().replaceAll("\\W", "");
    }

    @AfterEach
    void cleanConsolesThenCloseTheTabs() {
        BrowserChecks.closeCheckingConsoles(people, scenario, line -> false);
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void adaFollowsGracesCaretAndScrollUntilSheScrollsPressesEscOrTypes(Viewport viewport) {
        String docId = tandem.newDocument();
        Person grace = track(browsers.grace(viewport.width, viewport.height))
                .open(tandem.gatewayUrl(), docId);
        grace.caretAtEnd().paste(IntStream.rangeClosed(1, LINES)
                .mapToObj(i -> "int line" + i + " = " + i + ";\n").collect(Collectors.joining()));
        grace.press("Control+Home");
        Person ada = track(browsers.ada(viewport.width, viewport.height))
                .open(tandem.gatewayUrl(), docId);
        awaitConverged(tandem, docId, ada, grace);

        follow(ada, "Grace", viewport);
        expect(ada.byTestId("following-indicator")).isVisible();
        expect(ada.byTestId("following-indicator")).containsText("Following Grace");
        expect(ada.byTestId("following-indicator")).containsText("Esc to stop");
        expect(grace.byTestId("followers-indicator")).hasText("Ada is following you");
        expect(grace.page().locator("[data-testid=person][data-follows-me]")).containsText("Ada");

        grace.caretAtEnd().type("int graceWasHere = 1;", 10); // far down, and typing there
        int graceLine = caretLine(grace);
        assertThat(graceLine).isEqualTo(LINES + 1);
        eventually().until(() -> visibleLines(ada).contains(graceLine));
        assertThat(visibleLines(ada)).as("Ada shows Grace's lines, not the top").doesNotContain(1);
        Screenshots.sideBySide(scenario, ada, grace);
        if (viewport == Viewport.DESKTOP) {
            Screenshots.stacked("following", ada, grace); // docs/images/following.png is this one
        }

        grace.press("Control+Home");
        for (int i = 0; i < 8; i++) {
            grace.press("PageDown"); // back up, to the middle
        }
        int middle = caretLine(grace);
        assertThat(middle).isBetween(20, LINES - 20);
        eventually().until(() -> visibleLines(ada).contains(middle));
        expect(ada.byTestId("following-indicator")).isVisible();

        // her own wheel stops it, on both sides
        BoundingBox editor = ada.page().locator(".cm-scroller").boundingBox();
        ada.page().mouse().move(editor.x + editor.width / 2, editor.y + editor.height / 2);
        ada.page().mouse().wheel(0, -200);
        expectNotFollowing(ada, grace);
        grace.press("Control+End");
        eventually().until(() -> visibleLines(grace).contains(LINES + 1));
        assertThat(visibleLines(ada)).as("Ada's view stays where she put it").doesNotContain(LINES + 1);

        follow(ada, "Grace", viewport);
        eventually().until(() -> visibleLines(ada).contains(LINES + 1));
        expect(grace.byTestId("followers-indicator")).hasText("Ada is following you");
        ada.press("Escape");
        expectNotFollowing(ada, grace);

        follow(ada, "Grace", viewport);
        expect(grace.byTestId("followers-indicator")).isVisible();
        ada.page().locator(".cm-content").focus();
        ada.type("x", 0); // typing stops it too
        expectNotFollowing(ada, grace);
        assertThat(awaitConverged(tandem, docId, ada, grace)).contains("int graceWasHere = 1;").contains("x");
    }

    /** Ada clicks the person in "Here now" (on a phone, first opening the panel, which following closes). */
    private static void follow(Person follower, String leader, Viewport viewport) {
        if (viewport == Viewport.PHONE) {
            follower.byTestId("side-toggle").click();
        }
        follower.byTestId("follow-person").filter(new Locator.FilterOptions().setHasText(leader)).click();
        expect(follower.byTestId("following-indicator")).containsText("Following " + leader);
        expect(follower.page().locator("[data-testid=person][data-following]")).containsText(leader);
        if (viewport == Viewport.PHONE) {
            expect(follower.byTestId("side-panel")).isHidden(); // the editor shows what is followed
        }
    }

    private static void expectNotFollowing(Person follower, Person leader) {
        expect(follower.byTestId("following-indicator")).isHidden();
        expect(follower.page().locator("[data-testid=person][data-following]")).hasCount(0);
        expect(leader.byTestId("followers-indicator")).isHidden();
        expect(leader.page().locator("[data-testid=person][data-follows-me]")).hasCount(0);
    }

    /** The line of the person's caret, from their status bar. */
    private static int caretLine(Person person) {
        Matcher m = CARET.matcher(person.byTestId("cursor-position").textContent());
        assertThat(m.matches()).as("%s's caret position", person.name).isTrue();
        return Integer.parseInt(m.group(1));
    }

    /** The lines wholly in view in the person's editor. */
    private static List<Integer> visibleLines(Person person) {
        String lines = (String) person.page().evaluate(VISIBLE_LINES);
        return lines.isEmpty() ? List.of() : Arrays.stream(lines.split(",")).map(Integer::valueOf).toList();
    }

    private Person track(Person person) {
        people.add(person);
        return person;
    }
}
