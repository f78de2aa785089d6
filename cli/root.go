// Package cli is the blocksql command line: every subcommand lives in its
// own file as a cobra command built by a new…Cmd function and registered
// in init; the thin main in cli/blocksql only calls Main. This is also
// where the packages are wired together (drivers, apply engine,
// consensus, proxy, metrics).
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// commands builds every subcommand; each command file appends its own.
var commands []func() *cobra.Command

func register(build func() *cobra.Command) { commands = append(commands, build) }

// Exit codes: 1 for a failure, 2 for a command line the operator should fix.
const (
	exitFailure = 1
	exitUsage   = 2
)

// Main runs blocksql with the given arguments and returns the exit code.
func Main(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := execute(ctx, args)
	if err == nil {
		return 0
	}
	fmt.Fprintln(os.Stderr, "blocksql:", err)
	var ue *UsageError
	if errors.As(err, &ue) {
		return exitUsage
	}
	return exitFailure
}

// execute parses args and runs the command they name. An error before the
// command ran (unknown command or flag, wrong positional arguments) is a
// UsageError whose hint is the command's --help.
func execute(ctx context.Context, args []string) error {
	root := newRoot()
	root.SetArgs(args)
	ran := false
	root.PersistentPreRun = func(*cobra.Command, []string) { ran = true }
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil || ran {
		return err
	}
	var ue *UsageError
	if errors.As(err, &ue) {
		return err
	}
	return &UsageError{Msg: err.Error(), Hint: cmd.CommandPath() + " --help"}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "blocksql",
		Short: "a SQL database whose every write is recorded in a BFT log chain",
		Long: "blocksql is a MySQL-compatible database proxy: every write is a transaction in a\n" +
			"CometBFT chain and each node applies committed blocks to its local database.",
		Example:       "  blocksql init --home ./node\n  blocksql start --home ./node\n  blocksql help replay",
		Version:       versionString(),
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("{{.Version}}\n")
	for _, build := range commands {
		c := build()
		if c.Args == nil {
			c.Args = noArgs
		}
		root.AddCommand(c)
	}
	return root
}

// defaultHome is $BLOCKSQL_HOME or ./.blocksql.
func defaultHome() string {
	if h := os.Getenv("BLOCKSQL_HOME"); h != "" {
		return h
	}
	return ".blocksql"
}

// exactArgs is cobra.ExactArgs with a message naming what is expected.
func exactArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return fmt.Errorf("%s takes %s (got %d argument(s))", cmd.Name(), what, len(args))
		}
		return nil
	}
}

// noArgs refuses stray positional arguments, which would otherwise be
// mistaken for a home or a name.
func noArgs(cmd *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return nil
	case cmd.Flags().Lookup("home") != nil:
		return fmt.Errorf("%s takes flags only, not %q (did you mean --home %s?)", cmd.Name(), args[0], args[0])
	}
	return fmt.Errorf("%s takes flags only, not %q", cmd.Name(), args[0])
}
