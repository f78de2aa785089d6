package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/blocksql/blocksql/drivers"
)

// records is what an audit command prints: a header and rows for the
// table and CSV formats, and value for JSON.
type records struct {
	header []string
	rows   [][]string
	value  any
}

// auditFlags are the flags every audit command takes: the home and the
// output format.
type auditFlags struct {
	home          string
	asJSON, asCSV bool
}

func (f *auditFlags) add(fs *pflag.FlagSet) {
	fs.StringVar(&f.home, "home", defaultHome(), "node home directory")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON")
	fs.BoolVar(&f.asCSV, "csv", false, "print CSV with a header row")
}

func (f *auditFlags) write(w io.Writer, r records) error {
	switch {
	case f.asJSON && f.asCSV:
		return &UsageError{Msg: "--json and --csv exclude each other"}
	case f.asJSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r.value)
	case f.asCSV:
		cw := csv.NewWriter(w)
		_ = cw.Write(r.header)
		_ = cw.WriteAll(r.rows)
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(r.header, "\t"))
	for _, row := range r.rows {
		for i, c := range row {
			row[i] = strings.NewReplacer("\t", " ", "\n", " ").Replace(c)
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	return tw.Flush()
}

// openLog opens the local database of the node at home for reading only:
// nothing is created or changed, so it is safe while the node runs.
func openLog(home string) (drivers.Driver, error) {
	cfg, err := loadConfig(home)
	if err != nil {
		return nil, err
	}
	return openDriver(home, cfg.Database)
}

// field is one name/value pair of a JSON object, in document order.
type field struct {
	name  string
	value json.RawMessage
}

// objectFields reads a JSON object keeping its column order.
func objectFields(raw json.RawMessage) []field {
	var out []field
	dec := json.NewDecoder(bytes.NewReader(raw))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return out
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return out
		}
		out = append(out, field{name: fmt.Sprint(k), value: v})
	}
	return out
}

// describeRow prints a row as col=value pairs.
func describeRow(raw json.RawMessage) string {
	var parts []string
	for _, f := range objectFields(raw) {
		parts = append(parts, f.name+"="+string(f.value))
	}
	return strings.Join(parts, " ")
}

// describeChange prints what an update changed: col: old → new.
func describeChange(before, after json.RawMessage) string {
	old := map[string]string{}
	for _, f := range objectFields(before) {
		old[f.name] = string(f.value)
	}
	var parts []string
	for _, f := range objectFields(after) {
		if v, ok := old[f.name]; !ok || v != string(f.value) {
			if !ok {
				v = "(none)"
			}
			parts = append(parts, fmt.Sprintf("%s: %s → %s", f.name, v, f.value))
		}
	}
	return strings.Join(parts, ", ")
}

func shortHash(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// logTable splits "db.table"; audit commands name tables fully.
func logTable(name string) (string, string, error) {
	db, table, ok := drivers.SplitQualified(name)
	if !ok {
		return "", "", &UsageError{Msg: fmt.Sprintf("table %q must be written db.table", name), Hint: "shop.items"}
	}
	return db, table, nil
}
