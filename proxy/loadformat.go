package proxy

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// loadFormat is how LOAD DATA splits a file: MySQL's defaults are fields
// ended by a tab, not enclosed, escaped by a backslash, lines ended by a
// newline.
type loadFormat struct {
	fieldTerm, enclosed, escape string
	lineStart, lineTerm         string
}

func newLoadFormat(stmt *ast.LoadDataStmt) loadFormat {
	f := loadFormat{fieldTerm: "\t", escape: `\`, lineTerm: "\n"}
	if fi := stmt.FieldsInfo; fi != nil {
		setIf(&f.fieldTerm, fi.Terminated)
		setIf(&f.enclosed, fi.Enclosed)
		setIf(&f.escape, fi.Escaped)
	}
	if li := stmt.LinesInfo; li != nil {
		setIf(&f.lineStart, li.Starting)
		setIf(&f.lineTerm, li.Terminated)
	}
	if f.fieldTerm == "" {
		f.fieldTerm = "\t" // fixed-width rows are not supported
	}
	if f.lineTerm == "" {
		f.lineTerm = "\n"
	}
	return f
}

func setIf(dst *string, v *string) {
	if v != nil {
		*dst = *v
	}
}

// split returns the rows of data; a nil field is NULL (\N, or the bare
// word NULL when fields are enclosed).
func (f loadFormat) split(data string) [][]*string {
	var rows [][]*string
	pos := 0
	for pos < len(data) {
		if f.lineStart != "" {
			i := strings.Index(data[pos:], f.lineStart)
			if i < 0 {
				break
			}
			pos += i + len(f.lineStart)
		}
		var row []*string
		row, pos = f.line(data, pos)
		rows = append(rows, row)
	}
	return rows
}

// line reads the fields of one line starting at pos.
func (f loadFormat) line(data string, pos int) ([]*string, int) {
	var row []*string
	for {
		var v *string
		if f.enclosed != "" && strings.HasPrefix(data[pos:], f.enclosed) {
			v, pos = f.quoted(data, pos+len(f.enclosed))
		} else {
			v, pos = f.bare(data, pos)
		}
		row = append(row, v)
		switch {
		case strings.HasPrefix(data[pos:], f.fieldTerm):
			pos += len(f.fieldTerm)
		case strings.HasPrefix(data[pos:], f.lineTerm):
			return row, pos + len(f.lineTerm)
		default:
			return row, len(data)
		}
	}
}

// bare reads an unenclosed field up to the next terminator.
func (f loadFormat) bare(data string, pos int) (*string, int) {
	var b strings.Builder
	start := pos
	for pos < len(data) && !strings.HasPrefix(data[pos:], f.fieldTerm) && !strings.HasPrefix(data[pos:], f.lineTerm) {
		if f.escape != "" && strings.HasPrefix(data[pos:], f.escape) && pos+len(f.escape) < len(data) {
			pos += len(f.escape)
			b.WriteByte(unescape(data[pos]))
			pos++
			continue
		}
		b.WriteByte(data[pos])
		pos++
	}
	raw := data[start:pos]
	if (f.escape != "" && raw == f.escape+"N") || (f.enclosed != "" && raw == "NULL") {
		return nil, pos
	}
	s := b.String()
	return &s, pos
}

// quoted reads an enclosed field after its opening quote: a doubled quote
// is one quote; the field ends at a quote followed by a terminator.
func (f loadFormat) quoted(data string, pos int) (*string, int) {
	var b strings.Builder
	q := f.enclosed
	for pos < len(data) {
		switch {
		case f.escape != "" && strings.HasPrefix(data[pos:], f.escape) && pos+len(f.escape) < len(data):
			pos += len(f.escape)
			b.WriteByte(unescape(data[pos]))
			pos++
		case strings.HasPrefix(data[pos:], q+q):
			b.WriteString(q)
			pos += 2 * len(q)
		case strings.HasPrefix(data[pos:], q):
			after := pos + len(q)
			if after >= len(data) || strings.HasPrefix(data[after:], f.fieldTerm) || strings.HasPrefix(data[after:], f.lineTerm) {
				s := b.String()
				return &s, after
			}
			b.WriteString(q)
			pos = after
		default:
			b.WriteByte(data[pos])
			pos++
		}
	}
	s := b.String()
	return &s, pos
}

// unescape is the character an escape sequence stands for.
func unescape(c byte) byte {
	switch c {
	case '0':
		return 0
	case 'b':
		return '\b'
	case 'n':
		return '\n'
	case 'r':
		return '\r'
	case 't':
		return '\t'
	case 'Z':
		return 0x1a
	}
	return c
}
