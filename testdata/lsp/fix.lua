-- Drives the Neovim test (internal/lsp/nvim_test.go) in the buffer of the file
-- Neovim opened: wait for routevet's diagnostics from the analyzer named
-- by ROUTEVET_NVIM_SOURCE (ROUTEVET_NVIM_FINDINGS of them), apply the quick
-- fix of the first through textDocument/codeAction, wait for the
-- diagnostic to go away, fix the rest with the "source.fixAll.routevet"
-- action, write the file and quit. Any failure quits with status 2.
--
-- With `routevet lsp -gopls` (ROUTEVET_NVIM_GOPLS_SOURCE set), it also
-- waits for gopls' diagnostic of that source, asks gopls for a hover and
-- a definition, and after the quick fix kills gopls (its pid is in the
-- file ROUTEVET_GOPLS_PIDFILE) and waits for gopls' diagnostics to be
-- withdrawn before fix-all.
--
-- Neovim 0.7 (Debian bookworm) has no vim.lsp.buf.code_action({apply =
-- true}), so the script sends the request itself and applies the edit
-- with vim.lsp.util.apply_workspace_edit, as that function does.

local source = vim.env.ROUTEVET_NVIM_SOURCE or 'statusliteral'
local findings = tonumber(vim.env.ROUTEVET_NVIM_FINDINGS or '1')
-- With `routevet lsp -gopls`: the source of a diagnostic gopls reports in
-- the file, and the file in which gopls' wrapper wrote its pid.
local gopls_source = vim.env.ROUTEVET_NVIM_GOPLS_SOURCE
local gopls_pidfile = vim.env.ROUTEVET_GOPLS_PIDFILE
local timeout = 180000 -- a check loads net/http from source: be patient

local function say(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. '\n')
end

local function fail(fmt, ...)
  io.stderr:write('FAIL: ' .. string.format(fmt, ...) .. '\n')
  vim.cmd('cquit 2')
end

local bufnr = vim.api.nvim_get_current_buf()

local function routevet_client()
  for _, client in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if client.name == 'routevet' then
      return client
    end
  end
end

local function current_findings(from)
  from = from or source
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == from then
      table.insert(found, d)
    end
  end
  table.sort(found, function(a, b) return a.lnum < b.lnum end)
  return found
end

local function wait_for_findings(n)
  local ok = vim.wait(timeout, function() return #current_findings() == n end, 50)
  if not ok then
    fail('waited for %d %s diagnostics, have %d', n, source, #current_findings())
  end
end

local function wait_for_gopls(n)
  local ok = vim.wait(timeout, function()
    local have = #current_findings(gopls_source)
    return (n == nil and have > 0) or have == n
  end, 50)
  if not ok then
    fail('waited for %s %s diagnostics from gopls, have %d', tostring(n or 'some'), gopls_source, #current_findings(gopls_source))
  end
end

-- request_at sends a request at the last character of the first
-- occurrence of text (ASCII) and returns the answers as a string.
local function request_at(method, text)
  for lnum, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(text, 1, true)
    if col then
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(bufnr) },
        position = { line = lnum - 1, character = col + #text - 2 }, -- its last character
      }
      local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, 60000)
      if not responses then
        fail('%s: %s', method, tostring(err))
      end
      return vim.inspect(responses)
    end
  end
  fail('%q is not in the buffer', text)
end

local function code_actions(range, only)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = range,
    context = { diagnostics = {}, only = only },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 30000)
  if not responses then
    fail('textDocument/codeAction: %s', tostring(err))
  end
  local actions = {}
  for _, response in pairs(responses) do
    if response.error then
      fail('textDocument/codeAction: %s', vim.inspect(response.error))
    end
    for _, action in ipairs(response.result or {}) do
      table.insert(actions, action)
    end
  end
  return actions
end

local function apply(action)
  say('applying %q (%s)', action.title, action.kind)
  vim.lsp.util.apply_workspace_edit(action.edit, routevet_client().offset_encoding)
end

local function main()
  if not vim.wait(timeout, function() return routevet_client() ~= nil end, 50) then
    fail('routevet did not attach to %s', vim.api.nvim_buf_get_name(bufnr))
  end
  wait_for_findings(findings)
  local first = current_findings()[1]
  local code = first.code or (first.user_data and first.user_data.lsp and first.user_data.lsp.code)
  say('%s:%d:%d: %s [%s]', source, first.lnum + 1, first.col + 1, first.message, tostring(code))

  -- Ask for the fixes on the finding's line, as a cursor there would.
  local line = {
    start = { line = first.lnum, character = 0 },
    ['end'] = { line = first.lnum + 1, character = 0 },
  }
  if gopls_source then
    -- gopls' diagnostics and features, through routevet.
    wait_for_gopls(nil)
    local hover = request_at('textDocument/hover', 'http.StatusNoContent')
    if not hover:find('StatusNoContent', 1, true) then
      fail('hover answered %s', hover)
    end
    say('hover: gopls answered')
    local definition = request_at('textDocument/definition', '*Store')
    if not definition:find('notes.go', 1, true) then
      fail('definition answered %s', definition)
    end
    say('definition: gopls answered')
  end

  -- routevet's quick fix for the finding (gopls may offer actions too).
  local quick = {}
  for _, action in ipairs(code_actions(line, { 'quickfix' })) do
    if action.kind == 'quickfix' and action.diagnostics and action.diagnostics[1]
        and action.diagnostics[1].source == source then
      table.insert(quick, action)
    end
  end
  if #quick ~= 1 then
    fail('want one quick fix on line %d, got %s', first.lnum + 1, vim.inspect(quick))
  end
  apply(quick[1])
  wait_for_findings(findings - 1)

  if gopls_source then
    -- routevet now answers an edit before gopls has published all of its
    -- diagnostics for it: wait for gopls', which routevet's publications
    -- must not erase.
    wait_for_gopls(nil)
    -- Kill gopls: routevet goes on alone.
    local pid = tonumber(vim.fn.readfile(gopls_pidfile)[1])
    say('killing gopls (pid %d)', pid)
    vim.loop.kill(pid, 9)
    wait_for_gopls(0)
  end

  if findings > 1 then
    local all = {}
    for _, action in ipairs(code_actions(line, { 'source.fixAll' })) do
      if action.kind == 'source.fixAll.routevet' then
        table.insert(all, action)
      end
    end
    if #all ~= 1 then
      fail('want the fix-all source action, got %s', vim.inspect(all))
    end
    apply(all[1])
    wait_for_findings(0)
  end

  vim.cmd('write')
  say('wrote %s', vim.api.nvim_buf_get_name(bufnr))
  vim.cmd('qall!')
end

local ok, err = pcall(main)
if not ok then
  fail('%s', tostring(err))
end
