package drivers

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/format"
)

// Restore writes n as SQL text with flags. Every piece of SQL blocksql
// produces from an AST (the canonical chain text, each backend's
// translation) goes through it, because the TiDB restorer writes tokens
// without separating them: 5 - -2 comes out as 5--2, which both MySQL and
// SQLite read as 5 followed by a comment. Restore keeps what it writes
// lexically what the AST says: a space separates two '-' outside quotes; a
// comment the restorer writes for a clause it ignores (/* ... */) is left
// out; a '#' or a NUL outside quotes is an error; a NUL
// inside a quoted string is written \0 when flags escape backslashes and
// is an error otherwise (such a value must be bound, or written as a hex
// literal by the translation).
func Restore(n ast.Node, flags format.RestoreFlags) (string, error) {
	w := &lexWriter{escapes: flags&format.RestoreStringEscapeBackslash != 0}
	if err := n.Restore(format.NewRestoreCtx(flags, w)); err != nil {
		return "", err
	}
	if w.err != nil {
		return "", w.err
	}
	return w.b.String(), nil
}

// lexWriter tracks, byte by byte, whether the text is inside a quoted
// string or name. The restorer doubles a quote inside a quoted token and
// never writes a backslash before one, so a quote character always toggles
// the state.
type lexWriter struct {
	b       strings.Builder
	escapes bool
	quote   byte // the open quote, or 0
	comment bool // inside /* ... */
	prev    byte // the last byte written outside quotes
	err     error
}

func (w *lexWriter) Write(p []byte) (int, error) {
	w.WriteString(string(p))
	return len(p), nil
}

func (w *lexWriter) WriteString(s string) (int, error) {
	for i := 0; i < len(s); i++ {
		w.writeByte(s[i])
	}
	return len(s), nil
}

func (w *lexWriter) writeByte(c byte) {
	if w.comment {
		w.comment = !(w.prev == '*' && c == '/')
		w.prev = c
		if !w.comment {
			w.prev = ' '
		}
		return
	}
	if w.quote != 0 {
		switch {
		case c == w.quote:
			w.quote, w.prev = 0, c
		case c == 0 && w.escapes:
			w.b.WriteString(`\0`)
			return
		case c == 0:
			w.fail("a NUL byte inside a quoted literal")
		}
		w.b.WriteByte(c)
		return
	}
	switch c {
	case '\'', '"', '`':
		w.quote = c
	case '-':
		if w.prev == '-' {
			w.b.WriteByte(' ')
		}
	case '*':
		if w.prev == '/' {
			// Drop the '/' already written; the comment goes too.
			out := w.b.String()
			w.b.Reset()
			w.b.WriteString(out[:len(out)-1])
			w.comment, w.prev = true, 0
			return
		}
	case '#', 0:
		w.fail(fmt.Sprintf("%q outside a quoted literal", c))
	}
	w.prev = c
	w.b.WriteByte(c)
}

func (w *lexWriter) fail(what string) {
	if w.err == nil {
		w.err = fmt.Errorf("restore SQL: %s", what)
	}
}
