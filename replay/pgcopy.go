package replay

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

// PGCopy is what a COPY statement asks for. COPY … FROM STDIN becomes
// INSERT statements of one chain transaction (the proxy reads the rows);
// COPY … TO STDOUT is a read (of Query). COPY to or from a file or
// program on the server is refused: it reads or writes outside the chain.
type PGCopy struct {
	From    bool
	Table   string   // qualified as written ("s.t" or "t"); "" for COPY (query) TO
	Columns []string // as written; empty means every column
	// Query is the SELECT a COPY … TO reads: the COPY's own query, or
	// the table's columns.
	Query  string
	CSV    bool
	Binary bool // PostgreSQL's binary COPY format (pgx's CopyFrom)
	Delim  byte
	Null   string
	Header bool
	Quote  byte // CSV
	Escape byte // CSV: doubles the quote or itself inside quotes (the quote unless given)
	// ForceQuote are the columns a CSV COPY … TO quotes even when they
	// need no quotes; ForceQuoteAll quotes every column.
	ForceQuote    []string
	ForceQuoteAll bool
}

// PGCopyOf reads the COPY statement st.
func PGCopyOf(st PGStmt) (*PGCopy, error) {
	cs := st.node.GetCopyStmt()
	if cs == nil {
		return nil, pgNotSupported("not a COPY statement")
	}
	if cs.Filename != "" || cs.IsProgram {
		return nil, pgNotSupported("COPY to or from a file or program on the server is refused: use COPY … FROM STDIN / TO STDOUT (psql's \\copy)")
	}
	c := &PGCopy{From: cs.IsFrom, Delim: '\t', Null: `\N`, Quote: '"'}
	if cs.Relation != nil {
		c.Table = cs.Relation.Relname
		if cs.Relation.Schemaname != "" {
			c.Table = cs.Relation.Schemaname + "." + c.Table
		}
	}
	if c.From && cs.WhereClause != nil {
		return nil, pgNotSupported("COPY … FROM … WHERE is not supported")
	}
	for _, a := range cs.Attlist {
		c.Columns = append(c.Columns, a.GetString_().GetSval())
	}
	given, err := c.readOptions(cs.Options)
	if err != nil {
		return nil, err
	}
	if err := c.checkOptions(given); err != nil {
		return nil, err
	}
	if !c.From {
		if c.Query, err = pgCopyQuery(st, cs, c); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// readOptions applies the COPY's options and returns the names of those
// given.
func (c *PGCopy) readOptions(opts []*pg_query.Node) (map[string]bool, error) {
	given := map[string]bool{}
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		name, val := strings.ToLower(d.Defname), pgDefElemString(d)
		given[name] = true
		switch name {
		case "format":
			switch strings.ToLower(val) {
			case "csv":
				c.CSV = true
			case "text":
			case "binary":
				c.Binary = true
			default:
				return nil, pgNotSupported("COPY format %s is not supported", val)
			}
		case "delimiter", "quote", "escape":
			if len(val) != 1 {
				return nil, pgCopyUnsupported("COPY " + name + " must be a single one-byte character")
			}
		case "null":
			c.Null = val
		case "header":
			if strings.EqualFold(val, "match") {
				if !c.From {
					return nil, pgCopyUnsupported(`cannot use "match" with HEADER in COPY TO`)
				}
				return nil, pgNotSupported("COPY … FROM with HEADER MATCH is not supported: use HEADER")
			}
			c.Header = val == "" || strings.EqualFold(val, "true") || strings.EqualFold(val, "on") || val == "1"
		case "force_quote":
			if _, ok := d.Arg.GetNode().(*pg_query.Node_AStar); ok {
				c.ForceQuoteAll = true
			}
			for _, item := range d.Arg.GetList().GetItems() {
				c.ForceQuote = append(c.ForceQuote, item.GetString_().GetSval())
			}
		case "freeze":
			// A hint about the rows' visibility: each node's database
			// decides that for itself.
		default:
			return nil, pgNotSupported("COPY option %s is not supported", d.Defname)
		}
	}
	// FORMAT may come after DELIMITER/NULL: their defaults depend on it.
	if c.CSV {
		c.Delim, c.Null = ',', ""
	}
	for _, o := range opts {
		if d := o.GetDefElem(); d != nil {
			switch val := pgDefElemString(d); strings.ToLower(d.Defname) {
			case "delimiter":
				c.Delim = val[0]
			case "null":
				c.Null = val
			case "quote":
				c.Quote = val[0]
			case "escape":
				c.Escape = val[0]
			}
		}
	}
	if !given["escape"] {
		c.Escape = c.Quote
	}
	return given, nil
}

// checkOptions refuses the option combinations PostgreSQL refuses, with
// its SQLSTATEs and messages.
func (c *PGCopy) checkOptions(given map[string]bool) error {
	syntax := func(msg string) error { return &drivers.Error{Code: drivers.ErParse, State: "42601", Message: msg} }
	invalid := func(msg string) error { return &drivers.Error{State: "22023", Message: msg} }
	unsupported := pgCopyUnsupported
	switch {
	case c.Binary && given["delimiter"]:
		return syntax("cannot specify DELIMITER in BINARY mode")
	case c.Binary && given["null"]:
		return syntax("cannot specify NULL in BINARY mode")
	case c.Binary && given["header"]:
		return syntax("cannot specify HEADER in BINARY mode")
	case c.Delim == '\n' || c.Delim == '\r':
		return invalid("COPY delimiter cannot be newline or carriage return")
	case strings.ContainsAny(c.Null, "\r\n"):
		return invalid("COPY null representation cannot use newline or carriage return")
	case !c.CSV && strings.IndexByte(`\.abcdefghijklmnopqrstuvwxyz0123456789`, c.Delim) >= 0:
		return invalid(`COPY delimiter cannot be "` + string(c.Delim) + `"`)
	case !c.CSV && given["quote"]:
		return unsupported("COPY quote available only in CSV mode")
	case c.CSV && c.Delim == c.Quote:
		return invalid("COPY delimiter and quote must be different")
	case !c.CSV && given["escape"]:
		return unsupported("COPY escape available only in CSV mode")
	case !c.CSV && given["force_quote"]:
		return unsupported("COPY force quote available only in CSV mode")
	case c.From && given["force_quote"]:
		return unsupported("COPY force quote only available using COPY TO")
	case !c.Binary && strings.IndexByte(c.Null, c.Delim) >= 0:
		return invalid("COPY delimiter must not appear in the NULL specification")
	case c.CSV && strings.IndexByte(c.Null, c.Quote) >= 0:
		return invalid("CSV quote character must not appear in the NULL specification")
	}
	return nil
}

// pgCopyQuery is the SELECT a COPY … TO reads. A COPY of a query may only
// read: PostgreSQL also takes INSERT/UPDATE/DELETE … RETURNING there,
// which would write outside the chain.
func pgCopyQuery(st PGStmt, cs *pg_query.CopyStmt, c *PGCopy) (string, error) {
	if cs.Query != nil {
		if cs.Query.GetSelectStmt() == nil {
			return "", pgNotSupported("COPY (INSERT/UPDATE/DELETE …) TO is refused: write with its own statement, then COPY (SELECT …) TO")
		}
		return pgDeparse(st.version, cs.Query)
	}
	cols := "*"
	if len(c.Columns) > 0 {
		quoted := make([]string, len(c.Columns))
		for i, col := range c.Columns {
			quoted[i] = pgQuoteIdent(col)
		}
		cols = strings.Join(quoted, ", ")
	}
	table := pgQuoteIdent(cs.Relation.Relname)
	if cs.Relation.Schemaname != "" {
		table = pgQuoteIdent(cs.Relation.Schemaname) + "." + table
	}
	return "SELECT " + cols + " FROM " + table, nil
}

// pgCopyUnsupported is PostgreSQL's own 0A000 for a COPY option it does
// not take (not one of blocksql's refusals).
func pgCopyUnsupported(msg string) error {
	return &drivers.Error{Code: drivers.ErNotSupported, State: "0A000", Message: msg}
}

func pgQuoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// pgDefElemString is an option's value as text ("" when none is given).
func pgDefElemString(d *pg_query.DefElem) string {
	if d.Arg == nil {
		return ""
	}
	switch v := d.Arg.Node.(type) {
	case *pg_query.Node_String_:
		return v.String_.Sval
	case *pg_query.Node_Integer:
		if v.Integer.Ival != 0 {
			return "1"
		}
		return "0"
	case *pg_query.Node_Boolean:
		if v.Boolean.Boolval {
			return "true"
		}
		return "false"
	case *pg_query.Node_AConst:
		if s := v.AConst.GetSval(); s != nil {
			return s.Sval
		}
		if b := v.AConst.GetBoolval(); b != nil {
			if b.Boolval {
				return "true"
			}
			return "false"
		}
	}
	return ""
}
