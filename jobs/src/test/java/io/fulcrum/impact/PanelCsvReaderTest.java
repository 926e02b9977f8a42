package io.fulcrum.impact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PanelCsvReaderTest {

    private static final PanelCsvReader READER = PanelCsvReader.builder().delimiter(';').objectColumn("State")
            .periodColumn("Year").valueColumn("PacksPerCapita").build();

    @TempDir Path dir;

    @Test
    void readsTheProp99File() {
        Panel panel = Prop99.panel();
        assertThat(panel.objectCount()).isEqualTo(39);
        assertThat(panel.periodCount()).isEqualTo(31);
        // First data row of the file: Alabama;1970;89.80000305;0
        assertThat(panel.value(panel.objectIndex("Alabama"), 0)).isEqualTo(89.80000305);
    }

    @Test
    void aMalformedValueNamesFileLineAndColumn() throws IOException {
        Path file = Files.writeString(dir.resolve("p.csv"), "State;Year;PacksPerCapita\nUtah;1970;12\nUtah;1971;n/a\n");
        assertThatThrownBy(() -> READER.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 3: column 'PacksPerCapita': 'n/a' is not a number; fix the row or pass the "
                        + "right --value-col");
    }

    @Test
    void aMissingColumnSaysWhichColumnsExist() throws IOException {
        Path file = Files.writeString(dir.resolve("p.csv"), "State,Year,PacksPerCapita\nUtah,1970,12\n");
        assertThatThrownBy(() -> READER.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + " line 2: no column 'State' (columns: [State,Year,PacksPerCapita]); "
                        + "pass the right column name or --delimiter");
    }

    @Test
    void periodsAreWholeNumbersOrIsoDates() {
        assertThat(PanelCsvReader.parsePeriod("1989")).isEqualTo(1989);
        assertThat(PanelCsvReader.parsePeriod("1970-01-02")).isEqualTo(1);
        assertThatThrownBy(() -> PanelCsvReader.parsePeriod("Q1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("period 'Q1' is neither a whole number nor a date yyyy-MM-dd");
    }
}
