package fake

// Module is the throwaway module the driver's tests analyze with the fake
// suite: one package with a test file, importing nothing, so that go vet
// has no dependencies to analyze. BadCall reports the call of bad in each
// file, with a fix to call good.
var Module = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	"m.go": `package m

func bad()  {}
func good() {}

func F() {
	bad()
}

func handler() {}
`,
	"m_test.go": `package m

func G() { bad() }
`,
}

// ModuleFixDiff is what -fix -diff prints for Module (go vet, go fix and
// routevet alike), with $DIR for the module's directory.
const ModuleFixDiff = `--- $DIR/m.go (old)
+++ $DIR/m.go (new)
@@ -4,7 +4,7 @@
 func good() {}
 
 func F() {
-	bad()
+	good()
 }
 
 func handler() {}
--- $DIR/m_test.go (old)
+++ $DIR/m_test.go (new)
@@ -1,3 +1,3 @@
 package m
 
-func G() { bad() }
+func G() { good() }
`
