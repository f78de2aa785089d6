// Command blocksql is a SQL database proxy whose every write is recorded in
// a Byzantine-fault-tolerant log chain. Each subcommand lives in its own
// file with a Run(ctx, args) method; main only dispatches.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
)

// command is one blocksql subcommand.
type command interface {
	Run(ctx context.Context, args []string) error
	Summary() string
}

var commands = map[string]command{}

func register(name string, c command) { commands[name] = c }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "blocksql:", err)
		var ue *UsageError
		if errors.As(err, &ue) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage()
		return nil
	}
	c, ok := commands[args[0]]
	if !ok {
		return &UsageError{Msg: fmt.Sprintf("unknown command %q", args[0]), Hint: "blocksql help"}
	}
	return c.Run(ctx, args[1:])
}

func usage() {
	fmt.Println("blocksql: a SQL database whose every write is recorded in a BFT log chain.\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Printf("  %-10s %s\n", n, commands[n].Summary())
	}
	fmt.Println("\nRun 'blocksql COMMAND -h' for a command's flags.")
}

// defaultHome is $BLOCKSQL_HOME or ./.blocksql.
func defaultHome() string {
	if h := os.Getenv("BLOCKSQL_HOME"); h != "" {
		return h
	}
	return ".blocksql"
}
