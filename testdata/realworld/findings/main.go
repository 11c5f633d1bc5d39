// Command findings lists the findings of a routevet -json report, one a
// line, with the function that holds each one, for regressions.sh:
//
//	go run ./testdata/realworld/findings MODDIR REPORT.json
//
// prints analyzer, category, file (relative to MODDIR), function and line,
// separated by tabs. The function is the innermost declared function or
// method around the finding (a method as T.M, without the pointer);
// function literals count as part of the function that declares them.
// Packages that failed to load are printed as "error" lines.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

type finding struct {
	Category string `json:"category"`
	Posn     string `json:"posn"`
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: findings MODDIR REPORT.json")
		os.Exit(2)
	}
	root, _ := filepath.Abs(os.Args[1])
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var report map[string]map[string]json.RawMessage
	if err := json.Unmarshal(data, &report); err != nil {
		fmt.Fprintln(os.Stderr, "findings: not a routevet -json report:", err)
		os.Exit(2)
	}
	seen := map[string]bool{}
	var lines []string
	for pkg, byAnalyzer := range report {
		for analyzer, raw := range byAnalyzer {
			var list []finding
			if err := json.Unmarshal(raw, &list); err != nil {
				// {"error": "..."}: the package or analyzer failed.
				var e struct {
					Error string `json:"error"`
				}
				json.Unmarshal(raw, &e)
				lines = append(lines, fmt.Sprintf("error\t%s\t%s\t%s", analyzer, pkg, oneLine(e.Error)))
				continue
			}
			for _, f := range list {
				file, line := splitPosn(f.Posn)
				rel := file
				if r, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(r, "..") {
					rel = filepath.ToSlash(r)
				}
				s := fmt.Sprintf("%s\t%s\t%s\t%s\t%d", analyzer, f.Category, rel, funcAt(file, line), line)
				if !seen[s] { // test variants of a package repeat its findings
					seen[s] = true
					lines = append(lines, s)
				}
			}
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return s
}

// splitPosn splits "file:line:col" into the file and the line.
func splitPosn(posn string) (string, int) {
	rest := posn
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		rest = rest[:i] // the column
	}
	if i := strings.LastIndex(rest, ":"); i >= 0 {
		if n, err := strconv.Atoi(rest[i+1:]); err == nil {
			return rest[:i], n
		}
	}
	return posn, 0
}

var parsed = map[string]*ast.File{}
var fsets = map[string]*token.FileSet{}

// funcAt names the declared function around line in file, or "-".
func funcAt(file string, line int) string {
	f, ok := parsed[file]
	if !ok {
		fset := token.NewFileSet()
		f, _ = parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		parsed[file], fsets[file] = f, fset
	}
	if f == nil {
		return "-"
	}
	fset := fsets[file]
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if fset.Position(fd.Pos()).Line <= line && line <= fset.Position(fd.End()).Line {
			name := fd.Name.Name
			if fd.Recv != nil && len(fd.Recv.List) == 1 {
				name = recvName(fd.Recv.List[0].Type) + "." + name
			}
			return name
		}
	}
	return "-"
}

func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	case *ast.ParenExpr:
		return recvName(t.X)
	}
	return "?"
}
