package postgres

import (
	"regexp"
	"strings"

	"github.com/blocksql/blocksql/drivers"
)

// An outcome the chain records carries its SQLSTATE and message, not
// PostgreSQL's HINT; hintFor gives back the hint PostgreSQL sends with the
// failures whose message says what to do, the same on every node whatever
// its backend.

// noAssignmentCast reads ALTER COLUMN … TYPE's 42804 without USING: the
// column and the type.
var noAssignmentCast = regexp.MustCompile(`^column "((?:[^"]|"")*)" cannot be cast automatically to type (.+)$`)

// plainIdent is an identifier PostgreSQL's quote_identifier leaves bare.
var plainIdent = regexp.MustCompile(`^[a-z_][a-z0-9_$]*$`)

// The type is as the message names it, without the length, precision or
// scale PostgreSQL's hint adds (the message does not hold them).
func hintFor(de *drivers.Error) string {
	if de.State != "42804" {
		return ""
	}
	if m := noAssignmentCast.FindStringSubmatch(de.Message); m != nil {
		col := strings.ReplaceAll(m[1], `""`, `"`)
		if !plainIdent.MatchString(col) {
			col = `"` + strings.ReplaceAll(col, `"`, `""`) + `"`
		}
		return `You might need to specify "USING ` + col + "::" + m[2] + `".`
	}
	if strings.HasPrefix(de.Message, "result of USING clause for column ") {
		return "You might need to add an explicit cast."
	}
	return ""
}
