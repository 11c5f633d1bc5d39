;;; eglot.el --- Emacs configuration: eglot with routevet in front of gopls  -*- lexical-binding: t -*-

;; A minimal Emacs configuration running `routevet lsp -gopls' on Go files
;; through eglot, with Debian's packages (emacs-nox 28.2, elpa-eglot 1.9,
;; elpa-go-mode 1.6): `emacs -q -l testdata/lsp/eglot.el file.go'. The
;; README's "Emacs" section has the same setup for a user's init.el.
;;
;; eglot runs one server per major mode, so routevet fronts gopls rather
;; than running beside it: `routevet lsp -gopls' starts gopls and serves
;; both servers' features.
;;
;; ROUTEVET_LSP_CMD replaces the command (default: routevet lsp -gopls), as
;; the Emacs test does.

(require 'package)
(package-initialize)                    ; Debian's elpa-* packages
(require 'go-mode)
(require 'eglot)
(require 'project)

(defvar routevet-lsp-command
  (let ((cmd (getenv "ROUTEVET_LSP_CMD")))
    (if (and cmd (not (string-empty-p cmd)))
        (split-string cmd " " t)
      '("routevet" "lsp" "-gopls"))))

(add-to-list 'eglot-server-programs `(go-mode . ,routevet-lsp-command))
(add-hook 'go-mode-hook #'eglot-ensure)

;; The project is the Go module: without this, a module that is not in a
;; version-controlled directory gets one server per package directory, and
;; the module's .routevet.yaml is not watched.
(defun routevet-project-find-go-module (dir)
  (when-let ((root (locate-dominating-file dir "go.mod")))
    (cons 'go-module root)))
(cl-defmethod project-root ((project (head go-module)))
  (cdr project))
(add-hook 'project-find-functions #'routevet-project-find-go-module)

;; eglot 1.9's eglot-code-action-quickfix only lists the actions; these
;; apply them. Point must be inside the diagnostic's range.
(defun routevet-quickfix ()
  "Apply the quick fix of the diagnostic at point."
  (interactive)
  (eglot-code-actions (point) (point) "quickfix" t))

(defun routevet-fix-all ()
  "Apply every routevet fix in the buffer (eglot 1.9 matches the kind exactly)."
  (interactive)
  (eglot-code-actions (point-min) (point-max) "source.fixAll.routevet" t))
