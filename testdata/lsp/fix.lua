-- Drives the Neovim test (internal/lsp/nvim_test.go) in the buffer of the file
-- Neovim opened: wait for routevet's diagnostics from the analyzer named
-- by ROUTEVET_NVIM_SOURCE (ROUTEVET_NVIM_FINDINGS of them), apply the quick
-- fix of the first through textDocument/codeAction, wait for the
-- diagnostic to go away, fix the rest with the "source.fixAll.routevet"
-- action, write the file and quit. Any failure quits with status 2.
--
-- Neovim 0.7 (Debian bookworm) has no vim.lsp.buf.code_action({apply =
-- true}), so the script sends the request itself and applies the edit
-- with vim.lsp.util.apply_workspace_edit, as that function does.

local source = vim.env.ROUTEVET_NVIM_SOURCE or 'statusliteral'
local findings = tonumber(vim.env.ROUTEVET_NVIM_FINDINGS or '1')
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

local function current_findings()
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == source then
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
  local quick = code_actions(line, { 'quickfix' })
  if #quick ~= 1 or quick[1].kind ~= 'quickfix' then
    fail('want one quick fix on line %d, got %s', first.lnum + 1, vim.inspect(quick))
  end
  apply(quick[1])
  wait_for_findings(findings - 1)

  if findings > 1 then
    local all = code_actions(line, { 'source.fixAll' })
    if #all ~= 1 or all[1].kind ~= 'source.fixAll.routevet' then
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
