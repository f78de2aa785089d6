package replay

import (
	"strings"

	pg_query "github.com/pganalyze/pg_query_go/v6"

	"github.com/blocksql/blocksql/drivers"
)

// PGCopy is what a COPY statement asks for. COPY … FROM STDIN becomes
// INSERT statements of one chain transaction (the proxy reads the rows);
// COPY … TO STDOUT is a read. COPY to or from a file or program on the
// server is refused: it reads or writes outside the chain.
type PGCopy struct {
	From    bool
	Table   string   // qualified as written ("s.t" or "t"); "" for COPY (query) TO
	Columns []string // as written; empty means every column
	CSV     bool
	Binary  bool // PostgreSQL's binary COPY format (pgx's CopyFrom)
	Delim   byte
	Null    string
	Header  bool
	Quote   byte // CSV
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
	for _, o := range cs.Options {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		val := pgDefElemString(d)
		switch strings.ToLower(d.Defname) {
		case "format":
			switch strings.ToLower(val) {
			case "csv":
				c.CSV, c.Delim, c.Null = true, ',', ""
			case "text":
			case "binary":
				c.Binary = true
			default:
				return nil, pgNotSupported("COPY format %s is not supported", val)
			}
		case "delimiter":
			if len(val) != 1 {
				return nil, &drivers.Error{State: "22023", Message: "COPY delimiter must be a single one-byte character"}
			}
			c.Delim = val[0]
		case "null":
			c.Null = val
		case "header":
			c.Header = val == "" || strings.EqualFold(val, "true") || strings.EqualFold(val, "on") || val == "1"
		case "quote":
			if len(val) != 1 {
				return nil, &drivers.Error{State: "22023", Message: "COPY quote must be a single one-byte character"}
			}
			c.Quote = val[0]
		case "freeze":
			// A hint about the rows' visibility: each node's database
			// decides that for itself.
		default:
			return nil, pgNotSupported("COPY option %s is not supported", d.Defname)
		}
	}
	// FORMAT may come after DELIMITER/NULL: apply those again over the
	// CSV defaults.
	for _, o := range cs.Options {
		if d := o.GetDefElem(); d != nil {
			switch strings.ToLower(d.Defname) {
			case "delimiter":
				c.Delim = pgDefElemString(d)[0]
			case "null":
				c.Null = pgDefElemString(d)
			}
		}
	}
	return c, nil
}

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
