// What a BI tool's schema sync does (Metabase uses this driver): list the
// views of a data model's schema with their comments and their columns'
// comments through DatabaseMetaData, then read a view. Run by
// test/shell/reporting_jdbc.sh.
//
//   java -cp postgresql.jar:. ReportingSync JDBC_URL SCHEMA USER PASSWORD \
//        PUBLICATION_USER PASSWORD OTHER_PROVIDER_USER PASSWORD
//
// USER may read every view, PUBLICATION_USER service_month_metrics_published
// only, and OTHER_PROVIDER_USER that view too but for a provider with no
// rows; none of them may read a table.
import java.sql.*;
import java.util.*;

public class ReportingSync {
    static int failures = 0;

    static void check(boolean ok, String what) {
        System.out.println((ok ? "ok     " : "NOT OK ") + what);
        if (!ok) failures++;
    }

    static void refused(Connection c, String relation, String who) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeQuery("SELECT count(*) FROM " + relation).close();
            check(false, who + " is refused " + relation);
        } catch (SQLException e) {
            check("42501".equals(e.getSQLState()), who + " is refused " + relation + " (" + e.getSQLState() + ")");
        }
    }

    // count(*) of a query with at most one String parameter.
    static long count(Connection c, String sql, String parameter) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        try (Connection c = DriverManager.getConnection(url, args[2], args[3])) {
            DatabaseMetaData md = c.getMetaData();
            System.out.println("driver " + md.getDriverName() + " " + md.getDriverVersion()
                               + ", server " + md.getDatabaseProductVersion());
            List<String> views = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, schema, "%", new String[] {"VIEW"})) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME");
                    String remarks = rs.getString("REMARKS");
                    views.add(name);
                    check(remarks != null && !remarks.isEmpty(), "view " + name + " has a comment");
                }
            }
            for (String v : new String[] {"referral_outcome", "service_month_metrics", "service_month_metrics_published",
                                          "key_metrics_published", "employment_support_outcomes_published"})
                check(views.contains(v), "view " + v + " is listed");
            for (String v : views) {
                int columns = 0, commented = 0;
                List<String> missing = new ArrayList<>();
                try (ResultSet rs = md.getColumns(null, schema, v, "%")) {
                    while (rs.next()) {
                        columns++;
                        String remarks = rs.getString("REMARKS");
                        if (remarks != null && !remarks.isEmpty()) commented++;
                        else missing.add(rs.getString("COLUMN_NAME"));
                    }
                }
                check(columns > 0 && columns == commented,
                      "view " + v + ": " + commented + " of " + columns + " columns commented" + (missing.isEmpty() ? "" : " " + missing));
            }
            // The publication view: only types a BI tool maps natively.
            String sql = "SELECT * FROM " + schema + ".service_month_metrics_published ORDER BY provider_code, service_id, month";
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                ResultSetMetaData rmd = rs.getMetaData();
                List<String> odd = new ArrayList<>();
                for (int i = 1; i <= rmd.getColumnCount(); i++) {
                    int t = rmd.getColumnType(i);
                    if (t == Types.OTHER || t == Types.STRUCT || t == Types.JAVA_OBJECT || t == Types.ARRAY)
                        odd.add(rmd.getColumnName(i) + ":" + rmd.getColumnTypeName(i));
                }
                check(odd.isEmpty(), "published view has plain JDBC types only " + odd);
                int rows = 0;
                while (rs.next()) {
                    rows++;
                    if (rows <= 3)
                        System.out.println("       " + rs.getString("service_id") + " " + rs.getDate("month")
                                           + " referrals=" + rs.getObject("referrals_received")
                                           + " finished=" + rs.getObject("finished_treatment")
                                           + " recovery_rate=" + rs.getBigDecimal("recovery_rate"));
                }
                check(rows > 0, "published view read: " + rows + " rows");
            }
            // referral_outcome carries the outcome type: readable as text.
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT outcome, finished FROM " + schema + ".referral_outcome LIMIT 1")) {
                check(rs.next() && rs.getString(1) != null, "referral_outcome read, outcome as text: " + rs.getString(1));
            }
            // key_metrics_published's level is an iapt_ews.report_level: the
            // driver does not know the type and gives its name as text.
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT level FROM " + schema + ".key_metrics_published ORDER BY level LIMIT 1")) {
                check(rs.next() && "national".equals(rs.getString(1)),
                      "key_metrics_published read, level as text, national first: " + rs.getString(1)
                      + " (" + rs.getMetaData().getColumnTypeName(1) + ")");
            }
            // With iapt_ews on the search_path a literal level matches in any
            // case; a String parameter is bound as varchar and compares as
            // text, so it is cast to the type (docs/reporting.md).
            try (Statement st = c.createStatement()) {
                st.execute("SET search_path = " + schema + ", iapt_ews");
                long lower = count(c, "SELECT count(*) FROM key_metrics_published WHERE level = 'service'", null);
                long literal = count(c, "SELECT count(*) FROM key_metrics_published WHERE level = 'SERVICE'", null);
                long cast = count(c, "SELECT count(*) FROM key_metrics_published WHERE level = ?::iapt_ews.report_level", "Service");
                long varchar = count(c, "SELECT count(*) FROM key_metrics_published WHERE level = ?", "Service");
                check(lower > 0 && literal == lower && cast == lower && varchar == 0,
                      "level = 'SERVICE' and level = ?::iapt_ews.report_level match the " + lower
                      + " service rows, an uncast String parameter compares as text (" + varchar + " rows)");
                try {
                    count(c, "SELECT count(*) FROM key_metrics_published WHERE level = ?::iapt_ews.report_level", "Services");
                    check(false, "a String parameter that is no level is refused");
                } catch (SQLException e) {
                    check("22P02".equals(e.getSQLState()), "a String parameter that is no level is refused (" + e.getSQLState() + ")");
                }
                st.execute("RESET search_path");
            }
            refused(c, schema + ".referral", "the reader");
        }
        // A publication role reads the suppressed view and nothing else.
        try (Connection c = DriverManager.getConnection(url, args[4], args[5]); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".service_month_metrics_published")) {
                rs.next();
                check(rs.getLong(1) > 0, "publication role reads the published view: " + rs.getLong(1) + " rows");
            }
            refused(c, schema + ".referral", "the publication role");
            refused(c, schema + ".referral_outcome", "the publication role");
        }
        // A role mapped to another provider reads the same view and sees
        // none of this provider's rows.
        try (Connection c = DriverManager.getConnection(url, args[6], args[7]); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM " + schema + ".service_month_metrics_published")) {
            rs.next();
            check(rs.getLong(1) == 0, "a role mapped to another provider sees no row: " + rs.getLong(1) + " rows");
        }
        if (failures > 0) {
            System.out.println(failures + " check(s) failed");
            System.exit(1);
        }
    }
}
