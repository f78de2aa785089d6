package proxy

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"

	"github.com/blocksql/blocksql/replay"
)

// NativeHash is the mysql_native_password hash of a password: '*' and
// the upper-case hex of SHA1(SHA1(password)); "" for no password.
func NativeHash(password string) string {
	if password == "" {
		return ""
	}
	a := sha1.Sum([]byte(password))
	b := sha1.Sum(a[:])
	return "*" + strings.ToUpper(hex.EncodeToString(b[:]))
}

// hashPasswords replaces every password in clear of an account statement
// by its hash, before the statement is signed: the chain, and so every
// node's operation log, only ever holds the hash. It reports whether stmt
// is an account statement, whose original text must then not be logged.
func hashPasswords(stmt ast.StmtNode) bool {
	var specs []*ast.UserSpec
	switch s := stmt.(type) {
	case *ast.CreateUserStmt:
		specs = s.Specs
	case *ast.AlterUserStmt:
		specs = s.Specs
	case *ast.GrantStmt:
		specs = s.Users
	case *ast.SetPwdStmt:
		if !replay.IsNativeHash(s.Password) {
			s.Password = NativeHash(s.Password)
		}
		return true
	default:
		return replay.IsAccountStmt(stmt)
	}
	for _, sp := range specs {
		if o := sp.AuthOpt; o != nil && o.ByAuthString {
			*o = ast.AuthOption{ByHashString: o.AuthString != "", HashString: NativeHash(o.AuthString),
				AuthPlugin: "mysql_native_password"}
		}
	}
	return true
}

// showGrants answers SHOW GRANTS [FOR user] from the chain's accounts; a
// user without an account is an administrator of the node.
func (s *Session) showGrants(_ context.Context, x *ast.ShowStmt) (*Result, error) {
	user := s.client.User
	if x.User != nil && !x.User.CurrentUser {
		user = x.User.Username
	}
	head := []string{fmt.Sprintf("Grants for %s@%%", user)}
	acct, ok := s.db.Account(user)
	if !ok {
		grant := fmt.Sprintf("GRANT ALL PRIVILEGES ON *.* TO `%s`@`%%` WITH GRANT OPTION", user)
		return textResult(head, [][]any{{grant}}), nil
	}
	rows := [][]any{{fmt.Sprintf("GRANT USAGE ON *.* TO `%s`@`%%`", user)}}
	for _, lvl := range slices.Sorted(maps.Keys(acct.Privs)) {
		rows = append(rows, []any{grantLine(user, lvl, acct.Privs[lvl])})
	}
	return textResult(head, rows), nil
}

func grantLine(user, level string, privs []string) string {
	withGrant := slices.Contains(privs, "GRANT OPTION")
	privs = slices.DeleteFunc(slices.Clone(privs), func(p string) bool { return p == "GRANT OPTION" })
	slices.SortFunc(privs, func(a, b string) int {
		return slices.Index(replay.Privileges, a) - slices.Index(replay.Privileges, b)
	})
	list := strings.Join(privs, ", ")
	if len(privs) == len(replay.Privileges) {
		list = "ALL PRIVILEGES"
	} else if list == "" {
		list = "USAGE"
	}
	db, table, _ := strings.Cut(level, ".")
	if db != "*" {
		db = "`" + db + "`"
	}
	if table != "*" {
		table = "`" + table + "`"
	}
	line := fmt.Sprintf("GRANT %s ON %s.%s TO `%s`@`%%`", list, db, table, user)
	if withGrant {
		line += " WITH GRANT OPTION"
	}
	return line
}
