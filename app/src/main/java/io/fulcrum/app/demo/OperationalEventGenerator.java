package io.fulcrum.app.demo;

import io.fulcrum.app.demo.SupplyChainWorld.Route;
import io.fulcrum.app.demo.SupplyChainWorld.Sku;
import io.fulcrum.app.demo.SupplyChainWorld.Supplier;
import io.fulcrum.schema.BusinessObjectRef;
import io.fulcrum.schema.OperationalEvent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates the demo's operational events: deliveries on each lane (from a transport system), quality inspections
 * of each supplier's lots (from a quality system) and order lines (from an ERP), hour by hour, with a weekly rhythm
 * (Monday peaks, quiet weekends), two initiatives that really work, and some events that arrive late.
 *
 * <p>Deterministic for a seed, so the demo's summary is the same every run. Events come out in arrival order
 * ({@code ingestionTime}), which is not event-time order: about 3% arrive hours late (within the KPIs' allowed
 * lateness) and a few arrive days late (beyond it), as real feeds do.
 */
final class OperationalEventGenerator {

    /** Lane DE-FR switches to carrier B: its on-time rate rises from its base to this. */
    static final double DE_FR_ON_TIME_AFTER = 0.93;
    /** Defect probability per inspected unit at every supplier but S-14. */
    static final double BASE_DEFECT_RATE = 0.0025;
    /** S-14 before its supplier development programme, and after the ramp-up. */
    static final double S14_DEFECT_RATE_BEFORE = 0.0045;
    static final double S14_DEFECT_RATE_AFTER = 0.0015;

    private final SupplyChainWorld world;
    private final Instant start;
    private final int days;
    private final Instant carrierSwitch;
    private final Instant programmeStart;
    private final Duration programmeRampUp;
    private final SplittableRandom random;

    OperationalEventGenerator(SupplyChainWorld world, Instant start, int days, Instant carrierSwitch,
                              Instant programmeStart, Duration programmeRampUp, long seed) {
        this.world = world;
        this.start = start;
        this.days = days;
        this.carrierSwitch = carrierSwitch;
        this.programmeStart = programmeStart;
        this.programmeRampUp = programmeRampUp;
        this.random = new SplittableRandom(seed);
    }

    Instant end() {
        return start.plus(Duration.ofDays(days));
    }

    /** Every event of the period, in arrival order. */
    List<OperationalEvent> generate() {
        List<OperationalEvent> events = new ArrayList<>();
        Map<String, Integer> sequence = new HashMap<>();
        for (int hour = 0; hour < days * 24; hour++) {
            Instant hourStart = start.plus(Duration.ofHours(hour));
            double rhythm = weeklyRhythm(hourStart);
            for (Route route : world.routes) {
                int deliveries = poisson(1.2 * rhythm);
                for (int i = 0; i < deliveries; i++) {
                    events.add(delivery(route, hourStart.plusSeconds(random.nextInt(3600)), sequence));
                }
            }
            for (Sku sku : world.skus) {
                if (random.nextDouble() < 0.08 * rhythm) {
                    events.add(orderLine(sku, hourStart.plusSeconds(random.nextInt(3600)), sequence));
                }
            }
            if (hour % 24 >= 6 && hour % 24 < 18) { // inspections happen on day shifts
                for (Supplier supplier : world.suppliers) {
                    // A lot or more per supplier every day, weekends included: the impact engine compares
                    // complete daily series, and a supplier with gaps could not serve as a control.
                    if (random.nextDouble() < 0.4) {
                        events.add(inspection(supplier, hourStart.plusSeconds(random.nextInt(3600)), sequence));
                    }
                }
            }
        }
        events.sort(Comparator.comparing(OperationalEvent::getIngestionTime)
                .thenComparing(OperationalEvent::getEventId));
        return events;
    }

    private OperationalEvent delivery(Route route, Instant deliveredAt, Map<String, Integer> sequence) {
        boolean switched = route.id().equals("DE-FR") && !deliveredAt.isBefore(carrierSwitch);
        String carrier = switched ? "B" : route.carrier();
        double onTimeRate = switched ? DE_FR_ON_TIME_AFTER : route.onTimeRate();
        if (deliveredAt.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() == 1) {
            onTimeRate -= 0.05; // Monday peaks overload the docks
        }
        Sku sku = world.skus.get(random.nextInt(world.skus.size()));
        String plantId = world.routeToPlant.get(route.id());
        double ordered = 10 * (1 + random.nextInt(20));
        boolean inFull = random.nextDouble() < 0.95;
        double delivered = inFull ? ordered : Math.floor(ordered * (0.5 + 0.45 * random.nextDouble()));
        boolean onTime = random.nextDouble() < onTimeRate;
        double meanLead = switched ? route.meanLeadTimeHours() - 4 : route.meanLeadTimeHours();
        double leadTime = Math.max(2, meanLead + 6 * gaussian() + (onTime ? 0 : 10 + 8 * random.nextDouble()));
        Instant promised = deliveredAt.plus(Duration.ofMinutes(onTime ? 30 + random.nextInt(600)
                : -(30 + random.nextInt(1200))));

        Map<String, Double> measures = new HashMap<>();
        measures.put("quantity_ordered", ordered);
        measures.put("quantity_delivered", delivered);
        measures.put("lead_time_hours", Math.round(leadTime * 10) / 10.0);
        measures.put("on_time", onTime ? 1.0 : 0.0);
        measures.put("in_full", inFull ? 1.0 : 0.0);
        measures.put("otif", onTime && inFull ? 1.0 : 0.0);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("carrier", carrier);
        attributes.put("otif", Boolean.toString(onTime && inFull));
        attributes.put("promised_time", promised.toString());
        attributes.put("category", sku.category());
        attributes.put("region", world.plant(plantId).region());
        attributes.put("tier", sku.supplier().tier());
        return event("tms-eu", "shipment_delivered", "dlv", deliveredAt, route.ref(),
                List.of(sku.ref(), new BusinessObjectRef("plant", plantId), sku.supplier().ref()),
                measures, attributes, sequence);
    }

    private OperationalEvent inspection(Supplier supplier, Instant at, Map<String, Integer> sequence) {
        Sku sku = skuOf(supplier);
        int lotSize = 200 * (1 + random.nextInt(10));
        int defects = binomial(lotSize, defectRate(supplier, at));
        Map<String, Double> measures = new HashMap<>();
        measures.put("lot_size", (double) lotSize);
        measures.put("defects", (double) defects);
        Map<String, String> attributes = new HashMap<>();
        attributes.put("tier", supplier.tier());
        attributes.put("country", supplier.country());
        attributes.put("category", sku.category());
        attributes.put("result", defects == 0 ? "pass" : "fail");
        String plantId = world.plants.get(random.nextInt(world.plants.size())).id();
        return event("qms", "quality_inspection", "qi", at, supplier.ref(),
                List.of(sku.ref(), new BusinessObjectRef("plant", plantId)), measures, attributes, sequence);
    }

    private OperationalEvent orderLine(Sku sku, Instant at, Map<String, Integer> sequence) {
        String plantId = world.plants.get(random.nextInt(world.plants.size())).id();
        Map<String, Double> measures = new HashMap<>();
        measures.put("quantity_ordered", 10.0 * (1 + random.nextInt(20)));
        Map<String, String> attributes = new HashMap<>();
        attributes.put("category", sku.category());
        attributes.put("abc_class", sku.abcClass());
        attributes.put("region", world.plant(plantId).region());
        return event("erp", "order_created", "ord", at, sku.ref(),
                List.of(new BusinessObjectRef("plant", plantId), sku.supplier().ref()), measures, attributes, sequence);
    }

    private OperationalEvent event(String source, String type, String idPrefix, Instant eventTime,
                                   BusinessObjectRef object, List<BusinessObjectRef> related,
                                   Map<String, Double> measures, Map<String, String> attributes,
                                   Map<String, Integer> sequence) {
        int n = sequence.merge(idPrefix, 1, Integer::sum);
        return OperationalEvent.newBuilder()
                .setEventId(idPrefix + "-" + n)
                .setSource(source)
                .setEventType(type)
                .setEventTime(eventTime)
                .setIngestionTime(eventTime.plus(reportingDelay()))
                .setObject(object)
                .setRelatedObjects(related)
                .setMeasures(measures)
                .setAttributes(attributes)
                .build();
    }

    /** Most events are reported within a minute; 3% hours late; 0.2% four days late (past any lateness). */
    private Duration reportingDelay() {
        double u = random.nextDouble();
        if (u < 0.002) {
            return Duration.ofDays(4);
        }
        if (u < 0.032) {
            return Duration.ofMinutes(60 + random.nextInt(20 * 60));
        }
        return Duration.ofSeconds(random.nextInt(60));
    }

    private double defectRate(Supplier supplier, Instant at) {
        if (!supplier.id().equals("S-14")) {
            return BASE_DEFECT_RATE;
        }
        if (at.isBefore(programmeStart)) {
            return S14_DEFECT_RATE_BEFORE;
        }
        double progress = Math.min(1.0, Duration.between(programmeStart, at).toMillis()
                / (double) programmeRampUp.toMillis());
        return S14_DEFECT_RATE_BEFORE + progress * (S14_DEFECT_RATE_AFTER - S14_DEFECT_RATE_BEFORE);
    }

    private Sku skuOf(Supplier supplier) {
        List<Sku> own = world.skus.stream().filter(s -> s.supplier().equals(supplier)).toList();
        return own.get(random.nextInt(own.size()));
    }

    /** Volume multiplier by weekday and hour: Monday peaks, quiet nights and weekends. */
    private static double weeklyRhythm(Instant hourStart) {
        var t = hourStart.atZone(ZoneOffset.UTC);
        int dow = t.getDayOfWeek().getValue();
        double day = dow == 1 ? 1.3 : dow >= 6 ? 0.4 : 1.0;
        int h = t.getHour();
        double hour = h >= 6 && h < 20 ? 1.4 : 0.4;
        return day * hour;
    }

    private int poisson(double lambda) {
        double l = Math.exp(-lambda);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= random.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private int binomial(int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }

    private double gaussian() {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17
        double u1 = 1.0 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
