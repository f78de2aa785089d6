package postgres

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/blocksql/blocksql/drivers"
	"github.com/blocksql/blocksql/replay"
)

// parseCopy splits COPY data into rows of ncols values (nil is NULL), in
// PostgreSQL's text format (backslash escapes, \N for NULL) or CSV.
func parseCopy(data []byte, spec *replay.PGCopy, ncols int) ([][]*string, error) {
	var rows [][]*string
	var err error
	if spec.CSV {
		rows, err = parseCSV(data, spec)
	} else {
		rows, err = parseText(data, spec)
	}
	if err != nil {
		return nil, err
	}
	if spec.Header && len(rows) > 0 {
		rows = rows[1:]
	}
	for i, r := range rows {
		if len(r) != ncols {
			return nil, copyError(i+1, fmt.Sprintf("%d values, the COPY has %d columns", len(r), ncols))
		}
	}
	return rows, nil
}

func copyError(line int, msg string) error {
	return &drivers.Error{State: "22P04", Message: fmt.Sprintf("bad COPY data, line %d: %s", line, msg)}
}

// parseText reads the text format: one row per line, fields split by the
// delimiter, backslash escapes; a line `\.` ends the data.
func parseText(data []byte, spec *replay.PGCopy) ([][]*string, error) {
	var rows [][]*string
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if string(line) == `\.` {
			break
		}
		row, err := textFields(line, spec)
		if err != nil {
			return nil, copyError(n, err.Error())
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func textFields(line []byte, spec *replay.PGCopy) ([]*string, error) {
	var row []*string
	var field []byte
	raw := 0 // start of the field in line, to compare it with the NULL marker
	for i := 0; i <= len(line); i++ {
		if i == len(line) || line[i] == spec.Delim {
			if string(line[raw:i]) == spec.Null {
				row = append(row, nil)
			} else {
				s := string(field)
				row = append(row, &s)
			}
			field, raw = field[:0], i+1
			continue
		}
		if line[i] != '\\' || i+1 == len(line) {
			field = append(field, line[i])
			continue
		}
		i++
		if b, ok := textEscapes[line[i]]; ok {
			field = append(field, b)
			continue
		}
		switch c := line[i]; {
		case c == 'x' && i+1 < len(line) && isHex(line[i+1]):
			b, n := escapedNumber(line[i+1:], 16)
			field, i = append(field, b), i+n
		case c >= '0' && c <= '7':
			b, n := escapedNumber(line[i:], 8)
			field, i = append(field, b), i+n-1
		default:
			field = append(field, c)
		}
	}
	return row, nil
}

// textEscapes are the text format's one-letter backslash escapes.
var textEscapes = map[byte]byte{'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}

// escapedNumber reads the digits of a \xHH (base 16, up to 2 digits) or
// \ooo (base 8, up to 3) escape at the start of b: the byte and the digits
// read.
func escapedNumber(b []byte, base int) (byte, int) {
	maxDigits, n := 2, 0
	if base == 8 {
		maxDigits = 3
	}
	for n < len(b) && n < maxDigits && (base == 16 && isHex(b[n]) || base == 8 && b[n] >= '0' && b[n] <= '7') {
		n++
	}
	v, _ := strconv.ParseUint(string(b[:n]), base, 16)
	return byte(v), n
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// parseCSV reads CSV: fields split by the delimiter, quoted with the quote
// character (inside quotes the escape character, the quote unless ESCAPE
// says otherwise, takes the quote or itself literally), rows may span
// lines inside quotes; an
// unquoted field equal to the NULL marker (empty by default) is NULL.
func parseCSV(data []byte, spec *replay.PGCopy) ([][]*string, error) {
	var rows [][]*string
	var row []*string
	var field []byte
	quoted, inQuotes, line := false, false, 1
	endField := func() {
		if !quoted && string(field) == spec.Null {
			row = append(row, nil)
		} else {
			s := string(field)
			row = append(row, &s)
		}
		field, quoted = field[:0], false
	}
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case inQuotes && c == spec.Escape && i+1 < len(data) && (data[i+1] == spec.Quote || data[i+1] == spec.Escape):
			field = append(field, data[i+1])
			i++
		case c == spec.Quote:
			inQuotes, quoted = !inQuotes, true
		case inQuotes:
			if c == '\n' {
				line++
			}
			field = append(field, c)
		case c == spec.Delim:
			endField()
		case c == '\n' || c == '\r':
			if c == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			if len(row) == 0 && len(field) == 0 && !quoted {
				line++
				continue // an empty line
			}
			if len(row) == 0 && string(field) == `\.` {
				return rows, nil
			}
			endField()
			rows, row = append(rows, row), nil
			line++
		default:
			field = append(field, c)
		}
	}
	if inQuotes {
		return nil, copyError(line, "unterminated CSV quoted field")
	}
	if len(row) > 0 || len(field) > 0 || quoted {
		endField()
		rows = append(rows, row)
	}
	return rows, nil
}

// binaryCopySignature starts PostgreSQL's binary COPY format.
const binaryCopySignature = "PGCOPY\n\xff\r\n\x00"

// parseBinaryCopy reads the binary format (header, then per row a field
// count and each field's length and bytes in the type's binary encoding,
// then -1) and turns every value into text, by its column's type.
func (c *conn) parseBinaryCopy(data []byte, oids []uint32) ([][]*string, error) {
	bad := func(msg string) error { return &drivers.Error{State: "22P04", Message: "bad binary COPY data: " + msg} }
	if !bytes.HasPrefix(data, []byte(binaryCopySignature)) || len(data) < len(binaryCopySignature)+8 {
		return nil, bad("no COPY signature")
	}
	p := data[len(binaryCopySignature)+4:]
	ext := int(binary.BigEndian.Uint32(p))
	if ext < 0 || 4+ext > len(p) {
		return nil, bad("header extension")
	}
	p = p[4+ext:]
	var rows [][]*string
	for {
		if len(p) == 0 {
			return rows, nil // the trailer is optional (pgx sends none)
		}
		if len(p) < 2 {
			return nil, bad("truncated")
		}
		n := int16(binary.BigEndian.Uint16(p))
		p = p[2:]
		if n == -1 {
			return rows, nil
		}
		if int(n) != len(oids) {
			return nil, copyError(len(rows)+1, fmt.Sprintf("%d values, the COPY has %d columns", n, len(oids)))
		}
		row := make([]*string, n)
		for i := range row {
			if len(p) < 4 {
				return nil, bad("truncated")
			}
			size := int32(binary.BigEndian.Uint32(p))
			p = p[4:]
			if size < 0 {
				continue
			}
			if int(size) > len(p) {
				return nil, bad("truncated")
			}
			text, err := c.convert(oids[i], pgtype.BinaryFormatCode, pgtype.TextFormatCode, p[:size])
			if err != nil {
				return nil, copyError(len(rows)+1, err.Error())
			}
			s := string(text)
			row[i], p = &s, p[size:]
		}
		rows = append(rows, row)
	}
}
