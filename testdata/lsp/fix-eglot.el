;;; fix-eglot.el --- Drives the Emacs test (internal/lsp/emacs_test.go)  -*- lexical-binding: t -*-

;; Run in batch after testdata/lsp/eglot.el, in the buffer of the Go file
;; Emacs visited: start eglot as the go-mode hook would, wait for gopls'
;; diagnostic (source ROUTEVET_EMACS_GOPLS_SOURCE) and routevet's
;; (source ROUTEVET_EMACS_SOURCE, ROUTEVET_EMACS_FINDINGS of them), ask
;; gopls for a hover and a definition, apply the quick fix of the first
;; finding with point inside it, kill gopls (its pid is in the file
;; ROUTEVET_GOPLS_PIDFILE) and see its diagnostics withdrawn, fix the rest
;; with the fix-all action, save and exit. Any failure exits with status 2.

(require 'cl-lib)

(defvar fix-source (or (getenv "ROUTEVET_EMACS_SOURCE") "unreadbody"))
(defvar fix-gopls-source (getenv "ROUTEVET_EMACS_GOPLS_SOURCE"))
(defvar fix-findings (string-to-number (or (getenv "ROUTEVET_EMACS_FINDINGS") "2")))
(defvar fix-timeout 240)
(defvar fix-buffer (current-buffer))

(defun say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n") #'external-debugging-output))

(defun fail (fmt &rest args)
  (say "FAIL: %s" (apply #'format fmt args))
  (let ((server (ignore-errors (with-current-buffer fix-buffer (eglot-current-server)))))
    ;; jsonrpc-events-buffer, not eglot-events-buffer: the latter displays the
    ;; buffer and, in the eglot of Emacs 28 (1.9), returns the window.
    (let ((events (and server (ignore-errors (jsonrpc-events-buffer server)))))
      (when (bufferp events)
        (with-current-buffer events
          (say "eglot events:\n%s" (buffer-substring-no-properties
                                    (max (point-min) (- (point-max) 20000)) (point-max)))))))
  (kill-emacs 2))

(defun wait-until (what pred)
  (let ((deadline (+ (float-time) fix-timeout)))
    (while (not (funcall pred))
      (when (> (float-time) deadline)
        (fail "waited %ds for %s" fix-timeout what))
      (accept-process-output nil 0.05))))

(defun diags-from (source)
  "Flymake's diagnostics of the buffer from SOURCE, in buffer order."
  (with-current-buffer fix-buffer
    (flymake-start)                     ; no command loop runs in batch
    (sort (cl-remove-if-not
           (lambda (d) (string-prefix-p (concat source " ") (concat (flymake-diagnostic-text d) " ")))
           (flymake-diagnostics))
          (lambda (a b) (< (flymake-diagnostic-beg a) (flymake-diagnostic-beg b))))))

(defun source-of (d)
  (car (split-string (flymake-diagnostic-text d) "[ :]")))

(defun count-is (source n)
  (lambda () (= (length (diags-from source)) n)))

(defun send-changes ()
  ;; The idle timer that sends didChange does not run in batch.
  (with-current-buffer fix-buffer (eglot--signal-textDocument/didChange)))

(defun main ()
  (with-current-buffer fix-buffer
    (unless (eq major-mode 'go-mode)
      (fail "%s is in %s, not go-mode" buffer-file-name major-mode))
    ;; eglot-ensure starts eglot after the command that opened the file.
    (run-hooks 'post-command-hook)
    (wait-until "eglot to connect" (lambda () (eglot-current-server)))
    (let* ((server (eglot-current-server))
           (root (project-root (eglot--project server))))
      (say "server %s, root %s" (process-command (jsonrpc--process server)) root)
      (unless (file-exists-p (expand-file-name "go.mod" root))
        (fail "the project root %s is not the module's" root)))
    (when fix-gopls-source
      (wait-until (format "gopls' %s diagnostic" fix-gopls-source)
                  (lambda () (diags-from fix-gopls-source))))
    (wait-until (format "%d %s diagnostics" fix-findings fix-source) (count-is fix-source fix-findings))
    (dolist (d (flymake-diagnostics))
      (say "diagnostic %d: %s" (line-number-at-pos (flymake-diagnostic-beg d)) (flymake-diagnostic-text d)))

    (when fix-gopls-source
      ;; gopls' features: a hover and a definition.
      (goto-char (point-min))
      (search-forward "http.StatusNoContent")
      (backward-char 3)
      (let ((hover (jsonrpc-request (eglot-current-server) :textDocument/hover
                                    (eglot--TextDocumentPositionParams))))
        (unless (string-match-p "StatusNoContent" (format "%S" hover))
          (fail "hover answered %S" hover))
        (say "hover: gopls answered"))
      (goto-char (point-min))
      (search-forward "*Store")
      (let ((defs (jsonrpc-request (eglot-current-server) :textDocument/definition
                                   (eglot--TextDocumentPositionParams))))
        (unless (string-match-p "notes\\.go" (format "%S" defs))
          (fail "definition answered %S" defs))
        (say "definition: gopls answered")))

    ;; The quick fix of the first finding, with point inside it.
    (let ((first (car (diags-from fix-source))))
      (goto-char (1+ (flymake-diagnostic-beg first)))
      (say "quick fix at line %d" (line-number-at-pos))
      (routevet-quickfix))
    (send-changes)
    (wait-until "the quick fix's diagnostic to go" (count-is fix-source (1- fix-findings)))
    (when fix-gopls-source
      ;; routevet answers an edit before gopls has published all of its
      ;; diagnostics for it: wait for gopls', which routevet's
      ;; publications must not erase.
      (wait-until "gopls' diagnostics next to routevet's" (lambda () (diags-from fix-gopls-source)))
      ;; Kill gopls: routevet goes on alone.
      (let ((pid (with-temp-buffer
                   (insert-file-contents (getenv "ROUTEVET_GOPLS_PIDFILE"))
                   (string-to-number (buffer-string)))))
        (say "killing gopls (pid %d)" pid)
        (signal-process pid 'KILL))
      (wait-until "gopls' diagnostics to be withdrawn" (count-is fix-gopls-source 0)))

    (when (> fix-findings 1)
      (routevet-fix-all)
      (send-changes)
      (wait-until "fix-all's diagnostics to go" (count-is fix-source 0)))
    (save-buffer)
    (say "wrote %s" buffer-file-name)
    (let ((server (eglot-current-server)))
      (eglot-shutdown server))
    (kill-emacs 0)))

(condition-case err
    (main)
  (error (fail "%S" err)))
