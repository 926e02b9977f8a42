package io.fulcrum.app.demo;

import io.fulcrum.schema.BusinessObjectRef;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The small supply-chain world of the demo: plants, suppliers, lanes (routes) and SKUs with the attributes
 * practitioners group by (plant region, supplier tier, lane carrier, SKU category). Fixed, so every demo run tells
 * the same story.
 */
final class SupplyChainWorld {

    record Plant(String id, String region, String type) {
        BusinessObjectRef ref() {
            return new BusinessObjectRef("plant", id);
        }
    }

    record Supplier(String id, String country, String tier) {
        BusinessObjectRef ref() {
            return new BusinessObjectRef("supplier", id);
        }
    }

    /** A lane from an origin plant's country to a destination, run by one carrier; its base on-time rate. */
    record Route(String id, String origin, String destination, String carrier, double onTimeRate,
                 double meanLeadTimeHours) {
        BusinessObjectRef ref() {
            return new BusinessObjectRef("route", id);
        }
    }

    record Sku(String id, String category, String abcClass, Supplier supplier) {
        BusinessObjectRef ref() {
            return new BusinessObjectRef("sku", id);
        }
    }

    final List<Plant> plants = List.of(
            new Plant("P-BER", "DE-East", "distribution-centre"),
            new Plant("P-HAM", "DE-North", "distribution-centre"),
            new Plant("P-LYO", "FR-South", "warehouse"),
            new Plant("P-MIL", "IT-North", "warehouse"));

    final List<Supplier> suppliers = List.of(
            new Supplier("S-11", "DE", "1"), new Supplier("S-12", "DE", "1"),
            new Supplier("S-13", "PL", "2"), new Supplier("S-14", "PL", "2"),
            new Supplier("S-15", "CZ", "2"), new Supplier("S-16", "IT", "1"),
            new Supplier("S-17", "FR", "2"), new Supplier("S-18", "ES", "2"));

    final List<Route> routes = List.of(
            new Route("DE-FR", "DE", "FR", "A", 0.80, 30),
            new Route("DE-IT", "DE", "IT", "C", 0.88, 34),
            new Route("DE-PL", "DE", "PL", "A", 0.86, 22),
            new Route("FR-ES", "FR", "ES", "C", 0.87, 28),
            new Route("IT-AT", "IT", "AT", "B", 0.90, 18),
            new Route("PL-CZ", "PL", "CZ", "B", 0.89, 14));

    /** Which plant receives the goods of each lane. */
    final Map<String, String> routeToPlant = Map.of(
            "DE-FR", "P-LYO", "DE-IT", "P-MIL", "DE-PL", "P-BER",
            "FR-ES", "P-LYO", "IT-AT", "P-MIL", "PL-CZ", "P-BER");

    final List<Sku> skus;

    SupplyChainWorld() {
        String[] categories = {"fasteners", "bearings", "seals"};
        String[] abc = {"A", "B", "B", "C", "C"};
        List<Sku> list = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            list.add(new Sku("SKU-" + (1001 + i), categories[i % categories.length], abc[i % abc.length],
                    suppliers.get(i % suppliers.size())));
        }
        skus = List.copyOf(list);
    }

    Plant plant(String id) {
        return plants.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }
}
