package io.stockroom.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.stockroom.WithItsOwnApplication;
import io.stockroom.replenish.Chain;
import io.stockroom.security.Actor;
import io.stockroom.security.Role;
import io.stockroom.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The simulator over HTTP (issue 14) against a real warehouse: the hand-computed chain of SimulatorTest (10 a day, lead
 * time 2, orders every day, 25 on hand before the run) replayed as configured and with a buyer's what-if.
 */
@WithItsOwnApplication
@SpringBootTest
@AutoConfigureMockMvc
class SimulationApiTest {

    static final LocalDate FROM = LocalDate.of(2026, 3, 2);
    static final LocalDate TO = FROM.plusDays(6);
    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("stockroom-simulation-api");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("stockroom.data-dir", DATA_DIR::toString);
    }

    @Autowired
    org.springframework.web.context.WebApplicationContext context;

    @Autowired
    Warehouse warehouse;

    /** Signed in as an admin unless a request says who it is (with(as(...))); security stays on, CSRF included. */
    MockMvc mvc;

    private static boolean seeded;

    static org.springframework.test.web.servlet.request.RequestPostProcessor as(
            String name, Role role, Set<String> stores) {
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user(name)
                .authorities(Actor.authorities(Set.of(role), stores, Set.of()));
    }

    @BeforeEach
    void seed() {
        mvc = org.springframework.test.web.servlet.setup.MockMvcBuilders.webAppContextSetup(context)
                .apply(org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity())
                .defaultRequest(
                        get("/").with(as("admin", Role.ADMIN, Set.of()))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .build();
        if (seeded) {
            return;
        }
        seeded = true;
        Chain chain = new Chain(warehouse);
        chain.store("S1")
                .store("S2")
                .supplier("SUP1", 2, "MON,TUE,WED,THU,FRI,SAT,SUN", null)
                .product("P1", "Dairy", 5)
                .supplies("SUP1", "P1", 1, null, 2.5, null);
        for (String store : new String[] {"S1", "S2"}) {
            chain.history(
                    store,
                    "P1",
                    FROM.minusDays(1),
                    new int[] {
                        10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10,
                        10, 10, 10, 10
                    },
                    5,
                    store.equals("S1") ? 25 : 0);
            for (LocalDate d = FROM; !d.isAfter(TO); d = d.plusDays(1)) {
                chain.sale(store, "P1", d, 10, 50).snapshot(store, "P1", d, 50, 0, 0);
            }
        }
    }

    @Test
    void onlyThoseWhoDecideLinesMayRunItAndAScopedBuyerReplaysOnlyTheirStores() throws Exception {
        String body = "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"warm_up_days\":0}";
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(as("ed", Role.EXECUTIVE, Set.of())))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/replenishment/simulations/defaults").with(as("ed", Role.EXECUTIVE, Set.of())))
                .andExpect(status().isForbidden());
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(as("hal", Role.HEAD_BUYER, Set.of())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pairs").value(2));
        // a buyer of S2 replays S2 only: it started with an empty shelf, so it lost the first two days (50 of 70 sold)
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body)
                        .with(as("bea", Role.BUYER, Set.of("S2"))))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pairs").value(1))
                .andExpect(jsonPath("$.policies[0].by_class.all.sold_units").value(50.0));
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(
                                "{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"store\":\"S1\",\"warm_up_days\":0}")
                        .with(as("bea", Role.BUYER, Set.of("S2"))))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", containsString("Your access covers stores S2, not store 'S1'")));
    }

    @Test
    void runsTheConfiguredPolicyAndAWhatIf() throws Exception {
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO
                                + "\",\"store\":\"S1\",\"warm_up_days\":0}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.pairs").value(1))
                .andExpect(jsonPath("$.policies[0].policy").value("TRAILING_AVERAGE"))
                .andExpect(jsonPath("$.policies[0].by_class.A.fill_rate").value(1.0))
                .andExpect(jsonPath("$.policies[0].by_class.A.average_inventory_value")
                        .value(25.0))
                .andExpect(jsonPath("$.policies[0].by_class.A.order_lines").value(7))
                .andExpect(jsonPath("$.policies[1].policy").value("FORECAST"))
                .andExpect(jsonPath("$.policies[2].policy").value("ACTUAL"))
                .andExpect(jsonPath("$.policies[2].by_class.all.average_inventory_value")
                        .value(125.0))
                .andExpect(jsonPath("$.policies[0].by_class.B.fill_rate")
                        .doesNotExist()); // nothing demanded: not available
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\",\"store\":\"S1\",\"warm_up_days\":0,"
                                + "\"what_if\":{\"a_service_level\":0.99,\"review_days\":7}}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.settings.a_service_level").value(0.99))
                .andExpect(jsonPath("$.settings.review_days").value(7))
                .andExpect(jsonPath("$.policies[0].by_class.A.order_lines").value(1));
    }

    @Test
    void badInputSaysWhatIsWrong() throws Exception {
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO
                                + "\",\"what_if\":{\"a_service_level\":1.5}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("a-service-level must be a share between 0.5 and 1")));
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"03/02/2026\",\"to\":\"" + TO + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("'from' must be a date YYYY-MM-DD")));
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO.plusDays(3) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("after the latest inventory snapshot " + TO)));
    }

    @Test
    void aKeyTheSimulatorDoesNotKnowIsRefusedNotIgnored() throws Exception {
        // a what-if written as in the --policy file (kebab-case) or in camelCase used to run the configured policy and
        // answer 200, so the buyer read the configured numbers as those of the what-if
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO
                                + "\",\"store\":\"S1\",\"warm_up_days\":0,\"what_if\":{\"a-service-level\":0.99}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("'what_if.a-service-level'")))
                .andExpect(jsonPath("$.detail", containsString("a_service_level")));
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO
                                + "\",\"store\":\"S1\",\"warm_up_days\":0,\"whatIf\":{\"aServiceLevel\":0.99}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("'whatIf'")))
                .andExpect(jsonPath("$.detail", containsString("what_if")));
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO
                                + "\",\"store\":\"S1\",\"warm_up_days\":0,\"what_if\":{\"a_service_level\":\"high\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("'what_if.a_service_level'")));
        // whole days stay whole: 3.5 is refused, not replayed as an order every 3 days
        mvc.perform(post("/api/v1/replenishment/simulations")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"from\":\"" + FROM + "\",\"to\":\"" + TO
                                + "\",\"store\":\"S1\",\"warm_up_days\":0,\"what_if\":{\"review_days\":3.5}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("'what_if.review_days'")));
    }

    @Test
    void theDefaultsOfferARangeThatFitsTheHistoryAndTheConfiguredPolicy() throws Exception {
        // snapshots from FROM − 28 to TO (34 days): the warm-up is cut to half of that (17) and the range starts after
        // it
        mvc.perform(get("/api/v1/replenishment/simulations/defaults"))
                .andExpect(status().isOk())
                .andExpect(
                        jsonPath("$.earliest_snapshot").value(FROM.minusDays(28).toString()))
                .andExpect(jsonPath("$.latest_snapshot").value(TO.toString()))
                .andExpect(jsonPath("$.suggested_from").value(FROM.minusDays(10).toString()))
                .andExpect(jsonPath("$.suggested_to").value(TO.toString()))
                .andExpect(jsonPath("$.configured.a_service_level").value(0.98))
                .andExpect(jsonPath("$.configured.b_max_weeks_of_supply").value(3.0))
                .andExpect(jsonPath("$.warm_up_days").value(17));
    }
}
