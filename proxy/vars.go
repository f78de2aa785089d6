package proxy

import (
	"sort"
	"strconv"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// Defaults that give a write its meaning travel in every chain transaction,
// so they must not depend on the node: the time zone is UTC, never SYSTEM.
const (
	defaultSQLMode  = "STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION"
	defaultTimeZone = "+00:00"
	defaultCharset  = "utf8mb4"
	defaultCollate  = "utf8mb4_general_ci"
)

// systemVars are the session variables drivers, ORMs and the mysql/mariadb
// CLI read, with MySQL 8 compatible defaults. Integers are int64 so that
// @@autocommit and friends come back as numbers, as from MySQL.
var systemVars = map[string]any{
	"autocommit":                      int64(1),
	"auto_increment_increment":        int64(1),
	"auto_increment_offset":           int64(1),
	"character_set_client":            defaultCharset,
	"character_set_connection":        defaultCharset,
	"character_set_database":          defaultCharset,
	"character_set_filesystem":        "binary",
	"character_set_results":           defaultCharset,
	"character_set_server":            defaultCharset,
	"character_set_system":            "utf8mb3",
	"collation_connection":            defaultCollate,
	"collation_database":              defaultCollate,
	"collation_server":                defaultCollate,
	"default_authentication_plugin":   "mysql_native_password",
	"default_storage_engine":          "InnoDB",
	"explicit_defaults_for_timestamp": int64(1),
	"foreign_key_checks":              int64(1),
	"have_ssl":                        "DISABLED",
	"init_connect":                    "",
	"innodb_lock_wait_timeout":        int64(50),
	"interactive_timeout":             int64(28800),
	"license":                         "Apache-2.0",
	"lock_wait_timeout":               int64(31536000),
	"lower_case_table_names":          int64(0),
	"max_allowed_packet":              int64(drivers.MaxResultBytes),
	"max_execution_time":              int64(0),
	"net_buffer_length":               int64(16384),
	"net_read_timeout":                int64(30),
	"net_write_timeout":               int64(60),
	"performance_schema":              int64(0),
	"protocol_version":                int64(10),
	"query_cache_size":                int64(0),
	"query_cache_type":                "OFF",
	"socket":                          "", // blocksql listens on TCP only
	"sql_auto_is_null":                int64(0),
	"sql_mode":                        defaultSQLMode,
	"sql_notes":                       int64(1),
	"sql_safe_updates":                int64(0),
	"sql_select_limit":                uint64(18446744073709551615),
	"storage_engine":                  "InnoDB",
	"system_time_zone":                "UTC",
	"time_zone":                       defaultTimeZone,
	"transaction_isolation":           "REPEATABLE-READ",
	"transaction_read_only":           int64(0),
	"tx_isolation":                    "REPEATABLE-READ",
	"tx_read_only":                    int64(0),
	"unique_checks":                   int64(1),
	"version":                         ServerVersion,
	"version_comment":                 versionComment,
	"version_compile_machine":         "x86_64",
	"version_compile_os":              "Linux",
	"wait_timeout":                    int64(28800),
}

// aliases are variables that are one setting under two names.
var aliases = map[string]string{
	"tx_isolation": "transaction_isolation", "transaction_isolation": "tx_isolation",
	"tx_read_only": "transaction_read_only", "transaction_read_only": "tx_read_only",
}

// sysVar returns the session value of a system variable.
func (s *Session) sysVar(name string) (any, bool) {
	name = strings.ToLower(name)
	if v, ok := s.heightVar(name); ok {
		return v, true
	}
	switch name {
	case "autocommit":
		return boolInt(s.autocommit), true
	case "warning_count":
		return int64(s.countWarnings("")), true
	case "error_count":
		return int64(s.countWarnings("Error")), true
	case "identity", "last_insert_id":
		return s.lastInsertID, true
	case "hostname":
		return "blocksql", true
	case "max_allowed_packet":
		if s.client.MaxAllowedPacket > 0 {
			return s.client.MaxAllowedPacket, true
		}
	}
	if v, ok := s.sysVars[name]; ok {
		return v, true
	}
	if v, ok := s.client.Vars[name]; ok {
		return v, true
	}
	v, ok := systemVars[name]
	return v, ok
}

// setSysVar stores a session variable, converting to the default's type.
func (s *Session) setSysVar(name string, v any) {
	name = strings.ToLower(name)
	if def, ok := systemVars[name]; ok {
		v = convertLike(def, v)
	}
	s.sysVars[name] = v
	if alias, ok := aliases[name]; ok {
		s.sysVars[alias] = v
	}
}

// convertLike converts v to the type of def so integer settings stay
// integers whether the client wrote 1, '1' or ON.
func convertLike(def, v any) any {
	switch def.(type) {
	case int64:
		if b, ok := parseBool(v); ok {
			return boolInt(b)
		}
	case string:
		return valueString(v)
	}
	return v
}

// parseBool reads ON/OFF, TRUE/FALSE and numbers as MySQL does for switches.
func parseBool(v any) (bool, bool) {
	switch x := v.(type) {
	case int64:
		return x != 0, true
	case uint64:
		return x != 0, true
	case float64:
		return x != 0, true
	}
	switch strings.ToUpper(valueString(v)) {
	case "ON", "TRUE", "1", "YES":
		return true, true
	case "OFF", "FALSE", "0", "NO":
		return false, true
	}
	if n, err := strconv.ParseInt(valueString(v), 10, 64); err == nil {
		return n != 0, true
	}
	return false, false
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// valueString renders a Go value the way MySQL prints it in text.
func valueString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		return drivers.FormatDouble(x)
	case bool:
		return strconv.FormatInt(boolInt(x), 10)
	}
	return ""
}

// allSysVars lists every variable with its session value, sorted by name.
func (s *Session) allSysVars() [][]any {
	names := make([]string, 0, len(systemVars)+len(s.sysVars))
	seen := map[string]bool{}
	for _, m := range []map[string]any{systemVars, s.sysVars} {
		for n := range m {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	sort.Strings(names)
	rows := make([][]any, 0, len(names))
	for _, n := range names {
		v, _ := s.sysVar(n)
		rows = append(rows, []any{n, valueString(v)})
	}
	return rows
}

// recorded is what a statement's warnings leave for SHOW WARNINGS and the
// warning count: with sql_notes off, MySQL records no notes.
func (s *Session) recorded(ws []Warning) []Warning {
	if v, _ := s.sysVar("sql_notes"); truthy(v) {
		return ws
	}
	kept := ws[:0:0]
	for _, w := range ws {
		if w.Level != "Note" {
			kept = append(kept, w)
		}
	}
	return kept
}

func (s *Session) countWarnings(level string) int {
	n := 0
	for _, w := range s.warnings {
		if level == "" || w.Level == level {
			n++
		}
	}
	return n
}

// sqlMode and timeZone are the session settings a chain transaction carries.
func (s *Session) sqlMode() string {
	v, _ := s.sysVar("sql_mode")
	return valueString(v)
}

// timeZone never lets SYSTEM reach the chain: it would mean each node's
// own zone. blocksql's system zone is UTC.
func (s *Session) timeZone() string {
	v, _ := s.sysVar("time_zone")
	if tz := valueString(v); !strings.EqualFold(tz, "SYSTEM") {
		return tz
	}
	return defaultTimeZone
}
