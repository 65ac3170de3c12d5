/* kompetens offline self-assessment form.
 *
 * Runs the same assessment as `kompetens assess` from the JSON in #form-data: area by area,
 * a sub-area's descriptor before its statements, one statement at a time, a reflection
 * after each area and goals at the end. Every change is written to localStorage at once.
 * Scores follow src/kompetens/scoring.py exactly (a browser test compares them on many
 * random answer sets); numbers are rounded like Python's round() and the report's filters.
 * No network: the page's Content-Security-Policy forbids it, and nothing here asks for it.
 */
(function () {
  "use strict";

  var DATA = JSON.parse(document.getElementById("form-data").textContent);
  var FW = DATA.framework;
  var RULES = DATA.rules;
  var LANGS = ["fi", "sv", "en"];
  var STORE_KEY = "kompetens-form:" + FW.id + ":" + DATA.fingerprint + ":" + DATA.levels.join(",");
  var MINUS = "\u2212";
  var MISSING = "\u2013";

  var storageOk = true;
  var state = null;
  var steps = [];
  var app = document.getElementById("app");

  /* ---------- texts ---------- */

  function lang() {
    return state && LANGS.indexOf(state.lang) >= 0 ? state.lang : DATA.initial_language;
  }

  function t(key, values) {
    var text = DATA.messages[lang()][key] || DATA.messages.en[key] || key;
    if (values) {
      text = text.replace(/\{(\w+)\}/g, function (whole, name) {
        return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
      });
    }
    return text;
  }

  function loc(text) {
    if (!text) return "";
    return text[lang()] || text[FW.default_language] || text[Object.keys(text)[0]] || "";
  }

  /* ---------- numbers, as Python rounds and formats them ---------- */

  /* Python's round(x, n): the exact decimal value of the double, rounded half to even. */
  function pyRound(x, n) {
    if (x === null || x === undefined || !isFinite(x)) return x;
    var negative = x < 0;
    var exact = Math.abs(x).toFixed(100);
    var dot = exact.indexOf(".");
    var digits = exact.slice(0, dot) + exact.slice(dot + 1, dot + 1 + n);
    var rest = exact.slice(dot + 1 + n);
    var first = rest.charCodeAt(0) - 48;
    var up;
    if (first !== 5) {
      up = first > 5;
    } else if (/[1-9]/.test(rest.slice(1))) {
      up = true;
    } else {
      up = (digits.charCodeAt(digits.length - 1) - 48) % 2 === 1;
    }
    if (up) {
      var chars = digits.split("");
      var i = chars.length - 1;
      while (i >= 0 && chars[i] === "9") {
        chars[i] = "0";
        i -= 1;
      }
      if (i < 0) chars.unshift("1");
      else chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
      digits = chars.join("");
    }
    var whole = digits.slice(0, digits.length - n) || "0";
    var value = parseFloat(n ? whole + "." + digits.slice(digits.length - n) : whole);
    return negative ? -value : value;
  }

  function decimal(text) {
    return lang() === "fi" || lang() === "sv" ? text.replace(".", ",") : text;
  }

  /* filters.num */
  function num(value, digits) {
    if (value === null || value === undefined) return MISSING;
    digits = digits === undefined ? 1 : digits;
    var rounded = pyRound(value, digits);
    if (rounded === 0) rounded = 0;
    return decimal((rounded < 0 ? MINUS : "") + Math.abs(rounded).toFixed(digits));
  }

  /* filters.pct */
  function pct(value) {
    if (value === null || value === undefined) return MISSING;
    var text = num(value * 100, 0);
    return lang() === "fi" || lang() === "sv" ? text + "\u00a0%" : text + "%";
  }

  /* filters.signed */
  function signed(value) {
    if (value === null || value === undefined) return MISSING;
    var rounded = pyRound(value, 1);
    var text = num(rounded, 1);
    if (rounded > 0) return "\u2191 +" + text;
    if (rounded < 0) return "\u2193 " + text;
    return "\u2192 " + text;
  }

  /* ---------- scoring: src/kompetens/scoring.py ---------- */

  /* Who is rating: "self", or a mentor, teacher or peer rating the student. */
  function role() { return (state && state.role) || "self"; }

  /* The statement as the rater reads it: in the first person for a self-assessment, else
     the third-person text kompetens.wording generated for it (never worded here). */
  function statementText(statement) {
    if (role() !== "self" && DATA.third_person[statement.id]) return loc(DATA.third_person[statement.id]);
    return loc(statement.text);
  }

  function statementsFor(component, level) {
    return component.statements.filter(function (s) { return s.levels.indexOf(level) >= 0; });
  }

  function levelOf(id) {
    for (var i = 0; i < FW.levels.length; i += 1) if (FW.levels[i].id === id) return FW.levels[i];
    return null;
  }

  /* ScoringPlan.build: areas → components → statement ids that count at the level. */
  /* `keep` (optional): only these statements, as kompetens.baseline.restricted does for a
     baseline made with another version of the framework. */
  function plan(level, keep) {
    var areas = [];
    FW.areas.forEach(function (area) {
      var components = [];
      area.components.forEach(function (component) {
        var ids = statementsFor(component, level).map(function (s) { return s.id; })
          .filter(function (id) { return !keep || keep[id]; });
        if (ids.length) components.push({ id: component.id, component: component, ids: ids });
      });
      if (components.length) areas.push({ id: area.id, area: area, components: components });
    });
    return areas;
  }

  function status(gap) {
    if (gap === null) return "not-assessable";
    if (gap <= RULES.meets_within) return "meets";
    if (gap <= RULES.near_within) return "near";
    if (gap <= RULES.developing_within) return "developing";
    return "priority";
  }

  function makeScore(id, kind, mean, answered, cantSay, total, target) {
    var gap = mean === null ? null : pyRound(target - mean, 10);
    return {
      id: id, kind: kind, mean: mean, answered: answered, cant_say: cantSay, total: total,
      target: target, gap: gap, status: status(gap),
      answered_share: total ? answered / total : 0
    };
  }

  /* ScoringPlan.tally and .score: `answers` maps statement id → {rating}; null is can't say. */
  function score(level, answers, keep) {
    var target = levelOf(level).target;
    var share = RULES.assessable_share;
    var areaScores = [];
    var components = {};
    var areaMeans = [];
    plan(level, keep).forEach(function (area) {
      var knownSum = 0;
      var known = 0;
      var children = [];
      area.components.forEach(function (entry) {
        var ratedSum = 0;
        var rated = 0;
        var cantSay = 0;
        entry.ids.forEach(function (id) {
          var answer = Object.prototype.hasOwnProperty.call(answers, id) ? answers[id] : undefined;
          if (answer === undefined) return;
          if (answer.rating === null) cantSay += 1;
          else {
            ratedSum += answer.rating;
            rated += 1;
          }
        });
        var mean = rated && rated >= entry.ids.length * share ? ratedSum / rated : null;
        var s = makeScore(entry.id, "component", mean, rated, cantSay, entry.ids.length, target);
        components[entry.id] = s;
        children.push(s);
        if (mean !== null) {
          knownSum += mean;
          known += 1;
        }
      });
      var assessable = known && known >= area.components.length * share;
      var areaMean = assessable ? knownSum / known : null;
      areaMeans.push(areaMean);
      areaScores.push(parent(area.id, "area", children, areaMean, target));
    });
    var areaKnown = areaMeans.filter(function (m) { return m !== null; });
    var total = 0;
    areaKnown.forEach(function (m) { total += m; });
    var overallMean =
      areaKnown.length && areaKnown.length >= areaMeans.length * share ? total / areaKnown.length : null;
    return {
      level: level,
      target: target,
      overall: parent(FW.id, "overall", areaScores, overallMean, target),
      areas: areaScores,
      components: components
    };
  }

  function parent(id, kind, children, mean, target) {
    var answered = 0, cantSay = 0, total = 0;
    children.forEach(function (c) {
      answered += c.answered;
      cantSay += c.cant_say;
      total += c.total;
    });
    var s = makeScore(id, kind, mean, answered, cantSay, total, target);
    s.children = children;
    return s;
  }

  function byId(a, b) { return a.id < b.id ? -1 : a.id > b.id ? 1 : 0; }

  function priorities(scores) {
    return Object.keys(scores.components).map(function (k) { return scores.components[k]; })
      .filter(function (c) { return c.status === "priority" || c.status === "developing" || c.status === "near"; })
      .sort(function (a, b) { return -(a.gap || 0) - -(b.gap || 0) || byId(a, b); })
      .slice(0, RULES.top_n);
  }

  function strengths(scores) {
    return Object.keys(scores.components).map(function (k) { return scores.components[k]; })
      .filter(function (c) { return c.status === "meets"; })
      .sort(function (a, b) { return -(a.mean || 0) - -(b.mean || 0) || byId(a, b); })
      .slice(0, RULES.top_n);
  }

  /* as_dict(): the numbers a report shows are rounded to three places first. */
  function r3(value) { return value === null ? null : pyRound(value, 3); }

  /* ---------- state and storage ---------- */

  function now() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var offset = -d.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + "T" +
      two(d.getHours()) + ":" + two(d.getMinutes()) + ":" + two(d.getSeconds()) +
      sign + two(Math.floor(offset / 60)) + ":" + two(offset % 60);
  }

  function freshState(language) {
    return {
      v: 1, lang: language, screen: "start", position: 0, result: null, notes: {},
      reflections: {}, goals: [], baseline: null, baselineFile: null, name: "", id: "",
      role: "self", assessorName: "",
      level: DATA.levels[0], savedAt: null
    };
  }

  function load() {
    try {
      var text = window.localStorage.getItem(STORE_KEY);
      var probe = STORE_KEY + ":probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      if (text) {
        var stored = JSON.parse(text);
        if (stored && stored.v === 1) return stored;
      }
    } catch (error) {
      storageOk = false;
    }
    return null;
  }

  function save() {
    state.savedAt = now();
    state.changes = (state.changes || 0) + 1;
    try {
      window.localStorage.setItem(STORE_KEY, JSON.stringify(state));
      if (!storageOk) {
        storageOk = true;
        renderAlerts();
      }
    } catch (error) {
      if (storageOk) {
        storageOk = false;
        renderAlerts();
      }
    }
  }

  function clearStore() {
    try { window.localStorage.removeItem(STORE_KEY); } catch (error) { /* nothing stored */ }
  }

  /* ---------- the steps: component intro, statements, reflection per area ---------- */

  function buildSteps() {
    steps = [];
    if (!state.result) return;
    var level = state.result.level;
    var number = 0;
    var areas = plan(level);
    areas.forEach(function (area, areaIndex) {
      area.components.forEach(function (entry) {
        steps.push({ kind: "component", area: area.area, areaNumber: areaIndex + 1, component: entry.component });
        statementsFor(entry.component, level).forEach(function (statement) {
          number += 1;
          steps.push({
            kind: "statement", area: area.area, areaNumber: areaIndex + 1,
            component: entry.component, statement: statement, number: number
          });
        });
      });
      steps.push({ kind: "reflection", area: area.area, areaNumber: areaIndex + 1 });
    });
    steps.areaCount = areas.length;
    steps.statementCount = number;
  }

  function answeredCount() {
    var count = 0;
    steps.forEach(function (step) {
      if (step.kind === "statement" && state.result.answers[step.statement.id]) count += 1;
    });
    return count;
  }

  function firstOpenStep() {
    for (var i = 0; i < steps.length; i += 1) {
      if (steps[i].kind === "statement" && !state.result.answers[steps[i].statement.id]) {
        /* start at the sub-area's descriptor when its first statement is the open one */
        if (i > 0 && steps[i - 1].kind === "component") return i - 1;
        return i;
      }
    }
    return steps.length;
  }

  /* ---------- the result file (schemas/result.schema.json) ---------- */

  /* A calendar date as the result file wants it (YYYY-MM-DD), or null: a browser without a
     date picker lets a student type 2026-02-31, which no result reader accepts. */
  function isoDate(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec((text || "").trim());
    if (!m) return null;
    var d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    var ok = d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
    return ok ? m[0] : null;
  }

  function cleaned(text, limit) {
    var trimmed = (text || "").trim();
    if (limit && Array.from(trimmed).length > limit) {
      /* textcaps.cap_texts: every result kompetens writes stays readable */
      trimmed = Array.from(trimmed).slice(0, limit).join("").replace(/\s+$/, "");
    }
    return trimmed ? trimmed : null;
  }

  function resultDocument() {
    var r = state.result;
    var answers = {};
    var pending = {}; /* notes on statements not rated yet, as Session.note keeps them */
    steps.forEach(function (step) {
      if (step.kind !== "statement") return;
      var answer = r.answers[step.statement.id];
      if (!answer) {
        var note = cleaned(state.notes[step.statement.id], DATA.limits.note);
        if (note) pending[step.statement.id] = note;
        return;
      }
      answers[step.statement.id] = { rating: answer.rating, note: cleaned(state.notes[step.statement.id], DATA.limits.note) };
      if (answer.not_applicable) answers[step.statement.id].not_applicable = true; /* as dump_result writes it */
    });
    var reflections = {};
    steps.forEach(function (step) {
      if (step.kind === "reflection") {
        var text = cleaned(state.reflections[step.area.id], DATA.limits.reflection);
        if (text) reflections[step.area.id] = text;
      }
    });
    var goals = [];
    (role() === "self" ? state.goals : []).forEach(function (goal) {
      var text = cleaned(goal.text, DATA.limits.note);
      if (!text) return;
      goals.push({
        text: text, component: goal.component || null, actions: cleaned(goal.actions, DATA.limits.note),
        due: isoDate(goal.due)
      });
    });
    var language = FW.languages.indexOf(lang()) >= 0 ? lang() : FW.default_language;
    var doc = {
      format: 1,
      framework: { id: FW.id, version: FW.version, fingerprint: DATA.fingerprint },
      level: r.level,
      language: language,
      respondent: { id: cleaned(state.id, DATA.limits.name), name: cleaned(state.name, DATA.limits.name) },
      assessor: null,
      started: r.started,
      completed: r.completed || null,
      answers: answers,
      notes: pending,
      reflections: reflections,
      goals: goals
    };
    /* as kompetens assess --role writes it; a self-assessment has no assessor block */
    if (role() !== "self") doc.assessor = { role: role(), name: cleaned(state.assessorName, DATA.limits.name) };
    else delete doc.assessor;
    return doc;
  }

  function fileName() {
    var d = new Date();
    function two(n) { return (n < 10 ? "0" : "") + n; }
    /* the student id, when given, tells a teacher's thirty hand-ins apart (the name stays out) */
    var who = (cleaned(state.id) || "").replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
    return FW.id + "-" + state.result.level + "-" + d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + (who ? "-" + who : "") +
      (role() !== "self" ? "-" + role() : "") /* beside the student's own file, not over it */ + ".json";
  }

  function download() {
    var name = fileName();
    var text = JSON.stringify(resultDocument(), null, 2) + "\n";
    var blob = new Blob([text], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    save();
    state.downloadedChanges = state.changes;
    var open = steps.statementCount - answeredCount();
    var message = t("form.downloaded", { file: name }) + (open ? " " + t("form.download_draft", { count: open }) : "");
    notice(message, "info");
  }

  /* ---------- reading a YAML result: the YAML kompetens writes (PyYAML's safe_dump) ----------
   *
   * Block mappings and sequences by indentation; plain, single- and double-quoted scalars,
   * also folded over several lines; null, integers, {} and []. Anything else (anchors, tags,
   * block scalars, flow collections with content, duplicate keys) is refused with its line,
   * never guessed at: a note must arrive exactly as it was written.
   */
  function YamlError(line, problem) {
    this.line = line;
    this.problem = problem;
  }

  function parseYaml(text) {
    var lines = text.replace(/^\ufeff/, "").split(/\r\n|\r|\n/);
    var i = 0;

    function indentOf(line) { return line.length - line.replace(/^ +/, "").length; }
    function isContent(line) {
      var trimmed = line.trim();
      return trimmed !== "" && trimmed.charAt(0) !== "#" && trimmed !== "---" && trimmed !== "...";
    }
    function skipBlank() { while (i < lines.length && !isContent(lines[i])) i += 1; }
    function fail(problem, at) { throw new YamlError((at === undefined ? i : at) + 1, problem); }

    function block(minIndent) {
      skipBlank();
      if (i >= lines.length) return null;
      var n = indentOf(lines[i]);
      if (n < minIndent) return null;
      if (/\t/.test(lines[i].slice(0, n + 1))) fail("tab indentation");
      var rest = lines[i].slice(n);
      return rest === "-" || rest.slice(0, 2) === "- " ? sequence(n) : mapping(n);
    }

    function sequence(n) {
      var items = [];
      for (;;) {
        skipBlank();
        if (i >= lines.length || indentOf(lines[i]) !== n) break;
        var rest = lines[i].slice(n);
        if (!(rest === "-" || rest.slice(0, 2) === "- ")) break;
        var content = rest.slice(1).replace(/^ +/, "");
        if (content === "" || content.charAt(0) === "#") {
          i += 1;
          items.push(block(n + 1));
        } else if (keyOf(content)) {
          var column = n + (rest.length - rest.slice(1).replace(/^ +/, "").length);
          lines[i] = new Array(column + 1).join(" ") + content;
          items.push(mapping(column));
        } else {
          items.push(scalar(content, n));
        }
      }
      return items;
    }

    /* `key: …` → [key, rest], else null */
    function keyOf(content) {
      var m;
      if ((m = /^'((?:[^']|'')*)':(?: +|$)(.*)$/.exec(content))) return [m[1].replace(/''/g, "'"), m[2]];
      if ((m = /^"((?:[^"\\]|\\.)*)":(?: +|$)(.*)$/.exec(content))) return [JSON.parse('"' + m[1] + '"'), m[2]];
      if ((m = /^([^\s'"#&*!|>%@`{}\[\],?:-][^:#]*?|-[^\s:#][^:#]*?):(?: +|$)(.*)$/.exec(content))) return [m[1].trim(), m[2]];
      return null;
    }

    function mapping(n) {
      var result = {};
      for (;;) {
        skipBlank();
        if (i >= lines.length) break;
        var indent = indentOf(lines[i]);
        if (indent < n) break;
        if (indent > n) fail("unexpected indentation");
        var content = lines[i].slice(n);
        if (content === "-" || content.slice(0, 2) === "- ") break;
        var pair = keyOf(content);
        if (!pair) fail("expected 'key: value'");
        if (Object.prototype.hasOwnProperty.call(result, pair[0])) fail("duplicate key '" + pair[0] + "'");
        var value = pair[1];
        if (value === "" || value.charAt(0) === "#") {
          i += 1;
          skipBlank();
          if (i < lines.length && indentOf(lines[i]) === n && /^- |^-$/.test(lines[i].slice(n))) {
            result[pair[0]] = sequence(n);
          } else if (i < lines.length && indentOf(lines[i]) > n) {
            result[pair[0]] = block(n + 1);
          } else {
            result[pair[0]] = null;
          }
        } else {
          result[pair[0]] = scalar(value, n);
        }
      }
      return result;
    }

    /* A scalar that starts with `first` on line i; continuation lines are indented more than n. */
    function scalar(first, n) {
      var c = first.charAt(0);
      if (c === "'" || c === '"') return quoted(first, n, c);
      if (c === "&" || c === "*" || c === "!") fail("anchors, aliases and tags are not read here");
      if (c === "|" || c === ">") fail("block scalars are not read here");
      if (c === "{" || c === "[") {
        var flow = first.replace(/\s+#.*$/, "").trim();
        i += 1;
        if (flow === "{}") return {};
        if (flow === "[]") return [];
        fail("flow collections are not read here", i - 1);
      }
      var pieces = [first.replace(/\s+#.*$/, "")];
      i += 1;
      while (i < lines.length) {
        var line = lines[i];
        if (line.trim() === "") { pieces.push(""); i += 1; continue; }
        if (indentOf(line) <= n || line.trim().charAt(0) === "#") break;
        pieces.push(line.trim().replace(/\s+#.*$/, ""));
        i += 1;
      }
      while (pieces.length > 1 && pieces[pieces.length - 1] === "") { pieces.pop(); }
      var text = pieces[0].trim();
      var breaks = 0;
      for (var k = 1; k < pieces.length; k += 1) {
        if (pieces[k] === "") { breaks += 1; continue; }
        text += breaks ? new Array(breaks + 1).join("\n") : " ";
        breaks = 0;
        text += pieces[k];
      }
      return plainValue(text);
    }

    function plainValue(text) {
      if (/^(|~|null|Null|NULL)$/.test(text)) return null;
      if (/^(true|True|TRUE)$/.test(text)) return true;
      if (/^(false|False|FALSE)$/.test(text)) return false;
      if (/^[-+]?(0|[1-9][0-9]*)$/.test(text)) return parseInt(text, 10);
      if (/^[-+]?(\.[0-9]+|[0-9]+\.[0-9]*)([eE][-+]?[0-9]+)?$/.test(text)) return parseFloat(text);
      return text;
    }

    var ESCAPES = { "0": "\0", a: "\x07", b: "\b", t: "\t", "\t": "\t", n: "\n", v: "\x0b", f: "\f", r: "\r",
      e: "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\", N: "\x85", _: "\xa0", L: "\u2028", P: "\u2029" };

    function quoted(first, n, quote) {
      var startLine = i;
      var out = "";
      var keep = 0; /* out.slice(0, keep) survives a line break: trailing white space does not */
      var line = first.slice(1);
      var pos = 0;
      for (;;) {
        if (pos >= line.length) {
          /* a line break inside the scalar: fold it */
          out = out.slice(0, keep);
          var breaks = 0;
          i += 1;
          while (i < lines.length && lines[i].trim() === "") { breaks += 1; i += 1; }
          if (i >= lines.length) fail("unterminated quoted text", startLine);
          line = lines[i];
          pos = line.length - line.replace(/^[ \t]+/, "").length;
          out += breaks ? new Array(breaks + 1).join("\n") : " ";
          keep = out.length;
          continue;
        }
        var ch = line.charAt(pos);
        if (quote === "'" && ch === "'") {
          if (line.charAt(pos + 1) === "'") { out += "'"; keep = out.length; pos += 2; continue; }
          pos += 1;
          break;
        }
        if (quote === '"' && ch === '"') { pos += 1; break; }
        if (quote === '"' && ch === "\\") {
          var next = line.charAt(pos + 1);
          if (pos + 1 >= line.length) {
            /* an escaped line break: joined without a space */
            i += 1;
            if (i >= lines.length) fail("unterminated quoted text", startLine);
            line = lines[i];
            pos = line.length - line.replace(/^[ \t]+/, "").length;
            keep = out.length;
            continue;
          }
          var hex = { x: 2, u: 4, U: 8 }[next];
          if (hex) {
            var digits = line.slice(pos + 2, pos + 2 + hex);
            if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) fail("bad escape");
            out += String.fromCodePoint(parseInt(digits, 16));
            pos += 2 + hex;
          } else if (Object.prototype.hasOwnProperty.call(ESCAPES, next)) {
            out += ESCAPES[next];
            pos += 2;
          } else {
            fail("bad escape \\" + next);
          }
          keep = out.length;
          continue;
        }
        out += ch;
        if (ch !== " " && ch !== "\t") keep = out.length;
        pos += 1;
      }
      var after = line.slice(pos).trim();
      if (after && after.charAt(0) !== "#") fail("text after the closing quote");
      i += 1;
      return out;
    }

    var doc = block(0);
    skipBlank();
    if (i < lines.length) fail("unexpected text");
    return doc;
  }

  /* ---------- importing a result file ---------- */

  function problemOf(doc) {
    if (!doc || typeof doc !== "object" || Array.isArray(doc)) return "not an object";
    if (doc.format !== undefined && doc.format !== 1) return "format " + doc.format;
    if (!doc.framework || typeof doc.framework.id !== "string") return "framework.id";
    if (typeof doc.level !== "string") return "level";
    if (typeof doc.started !== "string") return "started";
    if (doc.answers !== undefined && (typeof doc.answers !== "object" || doc.answers === null || Array.isArray(doc.answers))) return "answers";
    return null;
  }

  /* A result made with an earlier built-in version of this framework: which statements that
     version asked at the level, and which of them carry over (kompetens.baseline). */
  function earlierVersion(doc) {
    if (doc.framework.version === FW.version) return null;
    var versions = DATA.earlier_versions || {};
    var version = Object.prototype.hasOwnProperty.call(versions, doc.framework.version) ? versions[doc.framework.version] : null;
    return version && Object.prototype.hasOwnProperty.call(version, doc.level) ? version[doc.level] : null;
  }

  function person(id, name) {
    var cleanId = typeof id === "string" ? id.trim() : "";
    var cleanName = typeof name === "string" ? name.split(/\s+/).filter(Boolean).join(" ") : "";
    return {
      id: cleanId || null,
      name: cleanName ? cleanName.toLowerCase() : null,
      shown: [cleanName, cleanId].filter(Boolean).join(" / ")
    };
  }

  function checkImported(doc, file, asBaseline) {
    var problem = problemOf(doc);
    if (problem) return t("form.error_not_result", { file: file, problem: problem });
    if (doc.framework.id !== FW.id) {
      return t("form.error_other_framework", { file: file, other: doc.framework.id, framework: FW.id });
    }
    var role = doc.assessor && typeof doc.assessor === "object" ? doc.assessor.role || "self" : "self";
    if (!asBaseline && DATA.roles.indexOf(role) < 0) {
      /* a role the form cannot write back would be relabelled on download */
      return t("form.error_assessor", { file: file, role: String(role) });
    }
    if (DATA.levels.indexOf(doc.level) < 0) {
      return t("form.error_other_level", { file: file, other: doc.level, levels: DATA.levels.join(", ") });
    }
    if (asBaseline && state.result && doc.level !== state.result.level) {
      return t("form.error_baseline_level", { file: file, other: doc.level, level: state.result.level });
    }
    if (asBaseline && state.result) {
      /* results.other_respondent and results.not_older, as kompetens report --baseline */
      var them = person(doc.respondent && doc.respondent.id, doc.respondent && doc.respondent.name);
      var me = person(state.id, state.name);
      var other = me.id && them.id ? me.id !== them.id : (me.name && them.name ? me.name !== them.name : false);
      if (other) {
        return t("form.error_baseline_other_person", { file: file, other: them.shown, who: me.shown });
      }
      var before = Date.parse(doc.completed || doc.started);
      var current = Date.parse(state.result.completed || state.result.started);
      if (!(before < current)) {
        return t("form.error_baseline_not_older", { file: file, baseline_when: dateText(doc.completed || doc.started), when: dateText(state.result.completed || state.result.started) });
      }
    }
    var known = {};
    var earlier = asBaseline ? earlierVersion(doc) : null;
    if (earlier) {
      earlier.asked.forEach(function (id) { known[id] = true; });
    } else {
      FW.areas.forEach(function (area) {
        area.components.forEach(function (component) {
          statementsFor(component, doc.level).forEach(function (s) { known[s.id] = true; });
        });
      });
    }
    var values = FW.scale.points.map(function (p) { return p.value; });
    var answers = doc.answers || {};
    var ids = Object.keys(answers);
    for (var i = 0; i < ids.length; i += 1) {
      if (!known[ids[i]]) return t("form.error_unknown_statement", { file: file, statement: ids[i], level: doc.level });
      var answer = answers[ids[i]];
      var rating = answer && typeof answer === "object" ? answer.rating : undefined;
      var notApplicable = answer && typeof answer === "object" && answer.not_applicable === true;
      if ((rating !== null && values.indexOf(rating) < 0) || (notApplicable && (rating !== null || !FW.scale.not_applicable))) {
        return t("form.error_off_scale", { file: file, statement: ids[i], rating: notApplicable ? "not_applicable" : String(rating) });
      }
    }
    var pendingIds = Object.keys(doc.notes && typeof doc.notes === "object" ? doc.notes : {});
    for (var j = 0; j < pendingIds.length; j += 1) {
      if (!known[pendingIds[j]]) return t("form.error_unknown_statement", { file: file, statement: pendingIds[j], level: doc.level });
    }
    return null;
  }

  function importFile(input, asBaseline, report) {
    var file = input.files && input.files[0];
    if (!file) {
      report(t("form.error_no_file"), "error");
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      var doc;
      var text = String(reader.result).replace(/^\ufeff/, "");
      try {
        doc = /^\s*[{[]/.test(text) ? JSON.parse(text) : parseYaml(text);
      } catch (error) {
        var line = error instanceof YamlError ? error.line : null;
        report(line ? t("form.error_yaml", { file: file.name, line: line, problem: error.problem })
          : t("form.error_not_json", { file: file.name }), "error");
        return;
      }
      var refused = checkImported(doc, file.name, asBaseline);
      if (refused) {
        report(refused, "error");
        return;
      }
      if (asBaseline) {
        var earlier = earlierVersion(doc);
        state.baseline = { level: doc.level, answers: doc.answers || {}, started: doc.started, completed: doc.completed || null,
          version: doc.framework.version, carried: earlier ? earlier.carried : null };
        state.baselineFile = file.name;
        save();
        report(t("form.import_baseline_loaded", { file: file.name }), "info");
        if (state.screen === "report") render();
        return;
      }
      if (state.result && answeredCount() && !window.confirm(t("form.confirm_replace", { file: file.name }))) return;
      continueFrom(doc, file.name);
    };
    reader.onerror = function () { report(t("form.error_not_json", { file: file.name }), "error"); };
    reader.readAsText(file);
  }

  function continueFrom(doc, name) {
    var answers = {};
    state.notes = {};
    Object.keys(doc.notes && typeof doc.notes === "object" ? doc.notes : {}).forEach(function (id) {
      if (typeof doc.notes[id] === "string") state.notes[id] = doc.notes[id];
    });
    Object.keys(doc.answers || {}).forEach(function (id) {
      answers[id] = doc.answers[id].not_applicable === true ? { rating: null, not_applicable: true } : { rating: doc.answers[id].rating };
      if (typeof doc.answers[id].note === "string") state.notes[id] = doc.answers[id].note;
    });
    state.result = { level: doc.level, started: doc.started, completed: doc.completed || null, answers: answers };
    state.level = doc.level;
    state.role = doc.assessor && typeof doc.assessor === "object" ? doc.assessor.role || "self" : "self";
    state.assessorName = (state.role !== "self" && doc.assessor.name) || "";
    state.name = (doc.respondent && doc.respondent.name) || "";
    state.id = (doc.respondent && doc.respondent.id) || "";
    state.reflections = {};
    Object.keys(doc.reflections || {}).forEach(function (k) {
      if (typeof doc.reflections[k] === "string") state.reflections[k] = doc.reflections[k];
    });
    state.goals = (Array.isArray(doc.goals) ? doc.goals : []).filter(function (g) { return g && typeof g.text === "string"; })
      .map(function (g) { return { component: g.component || null, text: g.text, actions: g.actions || "", due: g.due || "" }; });
    buildSteps();
    var messages = [t("form.import_loaded", { file: name, answered: answeredCount(), count: steps.statementCount })];
    if (doc.framework.version !== FW.version || (doc.framework.fingerprint && doc.framework.fingerprint !== DATA.fingerprint)) {
      messages.push(t("form.import_migrated", { file: name, other: doc.framework.version, version: FW.version }));
    }
    if (state.result.completed) state.screen = "report";
    else {
      state.position = firstOpenStep();
      state.screen = state.position >= steps.length ? "goals" : "steps";
    }
    save();
    render();
    notice(messages.join(" "), "info");
  }

  /* ---------- DOM helpers: text always goes in as text, never as markup ---------- */

  function h(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  function s(tag, attrs, children) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, String(attrs[key])); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  var notices = [];
  function notice(text, kind) {
    notices = [{ text: text, kind: kind }];
    renderAlerts();
  }

  function renderAlerts() {
    var box = document.getElementById("alerts");
    box.textContent = "";
    if (!storageOk) {
      box.appendChild(h("div", { class: "banner storage-warning", role: "alert", id: "storage-warning" }, [
        h("p", { text: t("form.storage_off") }),
        state && state.result ? h("button", { type: "button", class: "button", onclick: download, text: t("form.download") }) : null
      ]));
    }
    notices.forEach(function (n) {
      box.appendChild(h("p", {
        class: "banner " + (n.kind === "error" ? "error" : "info"), role: n.kind === "error" ? "alert" : "status",
        id: n.kind === "error" ? "form-error" : "form-notice", text: n.text
      }));
    });
  }

  function focusHeading() {
    var heading = app.querySelector("section[data-step] h2") || app.querySelector("h1, h2");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    }
  }

  /* ---------- header: language switch ---------- */

  function renderHeader() {
    var box = document.getElementById("language-switch");
    box.textContent = "";
    var group = h("div", { role: "group", "aria-label": "Kieli / Språk / Language" }, []);
    var names = { fi: "Suomi", sv: "Svenska", en: "English" };
    LANGS.forEach(function (code) {
      group.appendChild(h("button", {
        type: "button", class: "lang-button", lang: code, "aria-pressed": code === lang() ? "true" : "false",
        "data-lang": code, text: names[code],
        onclick: function () { switchLanguage(code); }
      }));
    });
    box.appendChild(group);
    document.documentElement.lang = lang();
    document.getElementById("form-brand").textContent = loc(FW.title);
    document.title = t("form.title") + " \u2013 " + loc(FW.title);
  }

  function switchLanguage(code) {
    state.lang = code;
    save();
    notices = [];
    render(true);
    var button = document.querySelector('.lang-button[data-lang="' + code + '"]');
    if (button) button.focus();
  }

  /* ---------- screens ---------- */

  function render(keepFocus) {
    renderHeader();
    renderAlerts();
    app.textContent = "";
    if (state.screen === "steps" && state.result) renderStep();
    else if (state.screen === "goals" && state.result) renderGoals();
    else if (state.screen === "report" && state.result) renderReport();
    else renderStart();
    if (!keepFocus) focusHeading();
  }

  function go(screen, position) {
    state.screen = screen;
    if (position !== undefined) state.position = position;
    notices = [];
    save();
    render();
    window.scrollTo(0, 0);
  }

  function field(id, label, input) {
    return h("div", { class: "field" }, [h("label", { for: id, text: label }), input]);
  }

  function importBlock(baselineOnly) {
    var input = h("input", { type: "file", id: "import-file", accept: ".json,.yaml,.yml,application/json" });
    function report(text, kind) { notice(text, kind); }
    return h("section", { class: "import no-print", "aria-labelledby": "import-heading" }, [
      h("h2", { id: "import-heading", text: baselineOnly ? t("form.import_baseline") : t("form.import_heading") }),
      h("p", { class: "muted", text: t("form.import_intro") }),
      field("import-file", t("form.import_file"), input),
      h("div", { class: "actions" }, [
        baselineOnly ? null : h("button", { type: "button", class: "button", id: "import-continue", text: t("form.import_continue"),
          onclick: function () { importFile(input, false, report); } }),
        h("button", { type: "button", class: "button secondary", id: "import-baseline", text: t("form.import_baseline"),
          onclick: function () { importFile(input, true, report); } })
      ])
    ]);
  }

  function renderStart() {
    var count = DATA.levels.map(function (level) {
      return FW.areas.reduce(function (n, area) {
        return n + area.components.reduce(function (m, c) { return m + statementsFor(c, level).length; }, 0);
      }, 0);
    });
    var levelChoice;
    if (DATA.levels.length > 1) {
      levelChoice = h("fieldset", { class: "field" }, [h("legend", { text: t("form.level") })].concat(
        DATA.levels.map(function (id) {
          var level = levelOf(id);
          return h("label", { class: "choice" }, [
            h("input", { type: "radio", name: "level", value: id, checked: state.level === id, disabled: !!state.result,
              onchange: function () { state.level = id; save(); } }),
            h("span", { text: loc(level.title) })
          ]);
        })));
    } else {
      levelChoice = h("p", {}, [h("strong", { text: t("report.level") + ": " }), loc(levelOf(DATA.levels[0]).title)]);
    }
    var other = role() !== "self";
    var roleChoice = h("fieldset", { class: "field", id: "role-choice" }, [h("legend", { text: t("form.role") })].concat(
      DATA.roles.map(function (id) {
        return h("label", { class: "choice" }, [
          h("input", { type: "radio", name: "role", value: id, id: "role-" + id, checked: role() === id, disabled: !!state.result,
            onchange: function () {
              state.role = id; save(); render();
              var chosen = document.getElementById("role-" + id); /* keep the keyboard's place */
              if (chosen) chosen.focus();
            } }),
          h("span", { text: t("form.role_" + id) })
        ]);
      })));
    var assessorName = other ? field("assessor-name", t("form.assessor_name"), h("input", { type: "text", id: "assessor-name",
      autocomplete: "name", value: state.assessorName || "", maxlength: DATA.limits.name,
      oninput: function (e) { state.assessorName = e.target.value; save(); } })) : null;
    var name = h("input", { type: "text", id: "respondent-name", autocomplete: other ? "off" : "name", value: state.name, maxlength: DATA.limits.name,
      oninput: function (e) { state.name = e.target.value; save(); } });
    var sid = h("input", { type: "text", id: "respondent-id", autocomplete: "off", value: state.id, maxlength: DATA.limits.name,
      oninput: function (e) { state.id = e.target.value; save(); } });
    var form = h("form", { class: "start-form", novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      if (state.result) {
        go("steps", Math.min(state.position || 0, steps.length));
        return;
      }
      if (other && !state.name.trim() && !state.id.trim()) {
        /* as assess --role: the ratings must say whose they are */
        notice(t("form.error_role_needs_student", { role: t("form.role_" + role()) }), "error");
        document.getElementById("respondent-name").focus();
        return;
      }
      notices = [];
      renderAlerts();
      state.result = { level: state.level, started: now(), completed: null, answers: {} };
      state.notes = {};
      state.reflections = {};
      state.goals = [];
      buildSteps();
      go("steps", 0);
    } }, [
      roleChoice,
      levelChoice,
      assessorName,
      field("respondent-name", t(other ? "form.student_name" : "form.name"), name),
      field("respondent-id", t(other ? "form.student_id" : "form.id"), sid),
      state.result ? h("p", { class: "resume-note", text: t("form.resume_note", { date: dateText(state.result.started), answered: answeredCount(), count: steps.statementCount }) }) : null,
      h("div", { class: "actions" }, [
        h("button", { type: "submit", class: "button primary", id: "start", text: state.result ? t("form.resume") : t("form.start") }),
        state.result ? h("button", { type: "button", class: "button secondary", id: "start-over", text: t("form.start_over"), onclick: startOver }) : null
      ])
    ]);
    app.appendChild(h("h1", { text: t("form.title") }));
    app.appendChild(h("p", { class: "framework-title", text: loc(FW.title) }));
    app.appendChild(h("section", { "aria-labelledby": "start-heading" }, [
      h("h2", { id: "start-heading", text: t("form.start_heading") }),
      h("p", { text: t("form.intro", { count: count[Math.max(0, DATA.levels.indexOf(state.level))] }) }),
      h("p", { class: "privacy", text: t("form.privacy") }),
      form
    ]));
    app.appendChild(importBlock());
  }

  function progressBar() {
    var answered = answeredCount();
    return h("div", { class: "progress-line" }, [
      h("progress", { max: steps.statementCount, value: answered, id: "progress",
        "aria-label": t("form.answered", { answered: answered, count: steps.statementCount }) }),
      h("span", { class: "muted small", id: "progress-text", text: t("form.answered", { answered: answered, count: steps.statementCount }) })
    ]);
  }

  function stepHeader(step) {
    return [
      h("p", { class: "eyebrow", text: t("form.area", { number: step.areaNumber, count: steps.areaCount }) + " \u00b7 " + loc(step.area.title) }),
      progressBar()
    ];
  }

  function navigation(form, nextLabel) {
    var back = h("button", { type: "button", class: "button secondary", id: "back", text: t("form.back"),
      onclick: function () {
        if (state.position > 0) go("steps", state.position - 1);
        else go("start");
      } });
    return h("div", { class: "actions nav" }, [
      back,
      h("button", { type: "submit", class: "button primary", id: "next", text: nextLabel || t("form.next") })
    ]);
  }

  function advance() {
    if (state.position + 1 >= steps.length) go("goals");
    else go("steps", state.position + 1);
  }

  function renderStep() {
    if (state.position >= steps.length) {
      go("goals");
      return;
    }
    var step = steps[state.position];
    app.appendChild(h("h1", { class: "visually-hidden", text: t("form.title") + " \u2013 " + loc(FW.title) }));
    if (step.kind === "component") renderComponent(step);
    else if (step.kind === "statement") renderStatement(step);
    else renderReflection(step);
    app.appendChild(stepTools());
  }

  /* Always at hand while answering: take the answers so far to another device, or hand in. */
  function stepTools() {
    return h("div", { class: "step-tools actions no-print" }, [
      h("button", { type: "button", class: "button secondary", id: "download", text: t("form.download"), onclick: download })
    ]);
  }

  function renderComponent(step) {
    var level = state.result.level;
    var descriptor = step.component.descriptors && step.component.descriptors[level];
    var form = h("form", { novalidate: true, onsubmit: function (e) { e.preventDefault(); advance(); } }, [
      h("p", { class: "intro", text: t("form.subarea_intro") }),
      descriptor ? h("div", { class: "descriptor", id: "descriptor" }, [
        h("span", { class: "label", text: t("report.expected") }), loc(descriptor)
      ]) : null,
      step.component.description ? h("p", { class: "muted", text: loc(step.component.description) }) : null,
      navigation(form)
    ]);
    app.appendChild(h("section", { class: "step step-component", "data-step": "component", "data-component": step.component.id }, stepHeader(step).concat([
      h("h2", { text: t("report.subarea") + ": " + loc(step.component.title) }),
      form
    ])));
  }

  function renderStatement(step) {
    var id = step.statement.id;
    var answer = state.result.answers[id];
    var legendId = "statement-text";
    var options = FW.scale.points.map(function (point) {
      return { value: String(point.value), rating: point.value, label: point.value + " \u2013 " + loc(point.label), description: loc(point.description) };
    });
    if (FW.scale.cant_say) {
      options.push({ value: "cant-say", rating: null, label: loc(FW.scale.cant_say.label), description: loc(FW.scale.cant_say.description) });
    }
    if (FW.scale.not_applicable) {
      options.push({ value: "not-applicable", rating: null, na: true, label: loc(FW.scale.not_applicable.label), description: loc(FW.scale.not_applicable.description) });
    }
    var choices = options.map(function (option, index) {
      var inputId = "rating-" + option.value;
      var checked = answer !== undefined && answer.rating === option.rating && !!answer.not_applicable === !!option.na;
      return h("div", { class: "scale-option" }, [
        h("input", { type: "radio", name: "rating", id: inputId, value: option.value, checked: checked,
          "aria-describedby": option.description ? inputId + "-desc" : null,
          onchange: function () {
            state.result.answers[id] = option.na ? { rating: null, not_applicable: true } : { rating: option.rating };
            save();
            var error = document.getElementById("step-error");
            if (error) error.textContent = "";
            var bar = document.getElementById("progress");
            var answered = answeredCount();
            bar.value = answered;
            bar.setAttribute("aria-label", t("form.answered", { answered: answered, count: steps.statementCount }));
            document.getElementById("progress-text").textContent = t("form.answered", { answered: answered, count: steps.statementCount });
          } }),
        h("label", { for: inputId }, [
          h("span", { class: "option-label", text: option.label }),
          option.description ? h("span", { class: "option-desc", id: inputId + "-desc", text: option.description }) : null
        ])
      ]);
    });
    var note = h("textarea", { id: "note", rows: 3, "aria-describedby": "note-hint", maxlength: DATA.limits.note,
      oninput: function (e) { state.notes[id] = e.target.value; save(); } });
    note.value = state.notes[id] || "";
    var form = h("form", { novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      if (!state.result.answers[id]) {
        var error = document.getElementById("step-error");
        error.textContent = t("form.choose_first");
        var first = form.querySelector("input[name=rating]");
        if (first) first.focus();
        return;
      }
      advance();
    } }, [
      h("fieldset", { class: "scale", "aria-describedby": "scale-hint" }, [
        h("legend", { id: legendId, class: "statement-text", text: statementText(step.statement) }),
        h("p", { id: "scale-hint", class: "muted small", text: t("form.scale_hint") })
      ].concat(choices)),
      h("p", { id: "step-error", class: "step-error", role: "alert" }),
      h("div", { class: "field note-field" }, [
        h("label", { for: "note", text: t("form.note") }), note,
        h("span", { id: "note-hint", class: "muted small", text: t("form.note_hint") })
      ])
    ]);
    form.appendChild(navigation(form));
    app.appendChild(h("section", { class: "step step-statement", "data-step": "statement", "data-statement": id }, stepHeader(step).concat([
      h("h2", { class: "subarea-title" }, [
        h("span", { text: loc(step.component.title) }),
        h("span", { class: "muted small counter", text: " \u00b7 " + t("form.progress", { number: step.number, count: steps.statementCount }) })
      ]),
      form
    ])));
  }

  function renderReflection(step) {
    var area = step.area;
    var box = h("textarea", { id: "reflection", rows: 5, maxlength: DATA.limits.reflection,
      oninput: function (e) { state.reflections[area.id] = e.target.value; save(); } });
    box.value = state.reflections[area.id] || "";
    var form = h("form", { novalidate: true, onsubmit: function (e) { e.preventDefault(); advance(); } }, [
      field("reflection", t("form.reflection_label"), box)
    ]);
    form.appendChild(navigation(form));
    app.appendChild(h("section", { class: "step step-reflection", "data-step": "reflection", "data-area": area.id }, stepHeader(step).concat([
      h("h2", { text: t("form.reflection_heading", { title: loc(area.title) }) }),
      form
    ])));
  }

  function componentIndex() {
    var index = {};
    FW.areas.forEach(function (area) {
      area.components.forEach(function (c) { index[c.id] = { component: c, area: area }; });
    });
    return index;
  }

  function ensureGoals(scores) {
    var wanted = priorities(scores).map(function (c) { return c.id; });
    if (!wanted.length) wanted = [null];
    var byComponent = {};
    state.goals.forEach(function (g) { byComponent[g.component || ""] = g; });
    wanted.forEach(function (id) {
      if (!byComponent[id || ""]) {
        var goal = { component: id, text: "", actions: "", due: "" };
        state.goals.push(goal);
        byComponent[id || ""] = goal;
      }
    });
    return wanted.map(function (id) { return byComponent[id || ""]; });
  }

  function renderGoals() {
    if (role() !== "self") {
      /* development goals are the student's own, as in assess --role: none to write here */
      app.appendChild(h("h1", { class: "visually-hidden", text: t("form.title") + " \u2013 " + loc(FW.title) }));
      app.appendChild(h("section", { class: "step step-goals", "data-step": "goals" }, [
        h("h2", { text: t("form.role_done_heading") }),
        h("form", { novalidate: true, onsubmit: function (e) {
          e.preventDefault();
          if (answeredCount() === steps.statementCount) state.result.completed = now();
          go("report");
        } }, [
          h("p", { class: "intro", text: t("form.role_no_goals") }),
          h("div", { class: "actions nav" }, [
            h("button", { type: "button", class: "button secondary", id: "back", text: t("form.back"),
              onclick: function () { go("steps", steps.length - 1); } }),
            h("button", { type: "submit", class: "button primary", id: "finish", text: t("form.finish") })
          ])
        ])
      ]));
      return;
    }
    var scores = score(state.result.level, state.result.answers);
    var goals = ensureGoals(scores);
    var index = componentIndex();
    app.appendChild(h("h1", { class: "visually-hidden", text: t("form.title") + " \u2013 " + loc(FW.title) }));
    var blocks = goals.map(function (goal, n) {
      var title = goal.component && index[goal.component] ? loc(index[goal.component].component.title) : t("form.goal_text");
      function input(kind, type, label) {
        var inputId = "goal-" + n + "-" + kind;
        var element = type === "textarea"
          ? h("textarea", { id: inputId, rows: 2, maxlength: DATA.limits.note })
          : h("input", { id: inputId, type: type });
        element.value = goal[kind] || "";
        element.addEventListener(type === "date" ? "change" : "input", function (e) { goal[kind] = e.target.value; save(); });
        if (type === "date") element.addEventListener("input", function (e) { goal[kind] = e.target.value; save(); });
        return field(inputId, label, element);
      }
      return h("fieldset", { class: "goal-block", "data-component": goal.component || "" }, [
        h("legend", { text: title }),
        input("text", "textarea", t("form.goal_text")),
        input("actions", "textarea", t("form.goal_action")),
        input("due", "date", t("form.goal_due"))
      ]);
    });
    var form = h("form", { novalidate: true, onsubmit: function (e) {
      e.preventDefault();
      if (answeredCount() === steps.statementCount) state.result.completed = now();
      go("report");
    } }, [h("p", { class: "intro", text: priorities(scores).length ? t("form.goals_intro") : t("form.goals_none") })].concat(blocks));
    form.appendChild(h("div", { class: "actions nav" }, [
      h("button", { type: "button", class: "button secondary", id: "back", text: t("form.back"),
        onclick: function () { go("steps", steps.length - 1); } }),
      h("button", { type: "submit", class: "button primary", id: "finish", text: t("form.finish") })
    ]));
    app.appendChild(h("section", { class: "step step-goals", "data-step": "goals" }, [
      h("h2", { text: t("form.goals_heading") }),
      form
    ]));
    app.appendChild(stepTools());
  }

  /* ---------- the report ---------- */

  function badge(value) {
    return h("span", { class: "badge status-" + value, text: t("report.status." + value) });
  }

  function changeOf(now, before) {
    if (!before || before.mean === null || now.mean === null) return null;
    return pyRound(now.mean - before.mean, 3);
  }

  function numbers(el, score) {
    el.setAttribute("data-mean", score.mean === null ? "" : String(score.mean));
    el.setAttribute("data-gap", score.gap === null ? "" : String(score.gap));
    el.setAttribute("data-status", score.status);
    el.setAttribute("data-answered", String(score.answered));
    el.setAttribute("data-cant-say", String(score.cant_say));
    el.setAttribute("data-total", String(score.total));
    return el;
  }

  function figure(label, value, sub, key) {
    return h("div", { class: "figure-card", "data-figure": key }, [
      h("dt", { text: label }),
      h("dd", { class: "num" }, [h("span", { class: "value", text: value }), sub ? h("span", { class: "sub", text: sub }) : null])
    ]);
  }

  function renderReport() {
    var r = state.result;
    var level = levelOf(r.level);
    var scores = score(r.level, r.answers);
    var before = null;
    var compared = scores; /* the current answers as the change sees them */
    var carried = null;
    if (state.baseline && state.baseline.level === r.level) {
      if (state.baseline.carried) {
        carried = {};
        state.baseline.carried.forEach(function (id) { carried[id] = true; });
        compared = score(r.level, r.answers, carried);
      }
      before = score(r.level, state.baseline.answers, carried);
    }
    function comparedArea(id) { return compared.areas.filter(function (a) { return a.id === id; })[0] || null; }
    var index = componentIndex();
    var overall = scores.overall;
    var who = cleaned(state.name) || cleaned(state.id) || t("report.anonymous");

    app.appendChild(h("header", { class: "report-header" }, [
      h("p", { class: "eyebrow", text: t("report.title") }),
      h("h1", { id: "report-heading", text: who }),
      h("p", { class: "framework-title", text: loc(FW.title) }),
      h("dl", { class: "meta" }, [
        h("div", {}, [h("dt", { text: t("report.respondent") }), h("dd", { text: (cleaned(state.name) || t("report.anonymous")) + (cleaned(state.id) ? " (" + cleaned(state.id) + ")" : "") })]),
        h("div", {}, [h("dt", { text: t("report.level") }), h("dd", { text: loc(level.title) })]),
        h("div", {}, [h("dt", { text: t("report.framework") }), h("dd", { text: FW.id + " " + FW.version })]),
        h("div", {}, [h("dt", { text: r.completed ? t("report.completed") : t("report.started") }), h("dd", { class: "num", text: dateText(r.completed || r.started) })])
      ]),
      r.completed ? null : h("p", { class: "banner draft", role: "note", text: t("report.draft") }),
      before ? h("p", { class: "banner info baseline-note", text: t("report.baseline", { date: dateText(state.baseline.completed || state.baseline.started) }) +
        (carried ? " " + t("form.baseline_versions", { other: state.baseline.version, count: state.baseline.carried.length }) : "") }) : null
    ]));

    app.appendChild(h("section", { class: "report-actions no-print", "aria-labelledby": "actions-heading" }, [
      h("h2", { id: "actions-heading", text: t("form.report_actions") }),
      h("p", { text: t("form.report_hand_in") }),
      h("div", { class: "actions" }, [
        h("button", { type: "button", class: "button primary", id: "download", text: t("form.download"), onclick: download }),
        h("button", { type: "button", class: "button secondary", id: "print", text: t("form.print"), onclick: function () { window.print(); } }),
        h("button", { type: "button", class: "button secondary", id: "edit", text: t("form.edit"), onclick: function () { go("steps", 0); } }),
        h("button", { type: "button", class: "button secondary", id: "start-over", text: t("form.start_over"), onclick: startOver })
      ])
    ]));

    var overallCard = numbers(h("section", { id: "overview", class: "overview" }, [
      h("h2", { text: t("report.overview") }),
      level.description ? h("p", { class: "intro", text: loc(level.description) }) : null,
      h("dl", { class: "figures" }, [
        figure(t("report.mean"), num(r3(overall.mean)), before ? t("report.change") + " " + signed(changeOf(compared.overall, before.overall)) : null, "mean"),
        figure(t("report.target"), num(level.target), t("report.scale") + " " + scaleMin() + "\u2013" + scaleMax(), "target"),
        figure(t("report.gap"), num(r3(overall.gap)), null, "gap"),
        h("div", { class: "figure-card", "data-figure": "status" }, [h("dt", { text: t("report.status") }), h("dd", {}, [badge(overall.status)])]),
        figure(t("report.answered"), pct(r3(overall.answered_share)), t("report.answered_count", { answered: overall.answered, total: overall.total }), "answered")
      ])
    ]), overall);
    app.appendChild(overallCard);

    app.appendChild(h("section", { id: "profile", class: "page-break" }, [
      h("h2", { text: t("report.profile") }),
      h("div", { class: "charts" }, [
        scores.areas.length >= 3 ? h("figure", { class: "chart-figure radar" }, [
          h("figcaption", { text: t("report.chart_radar") }), radarChart(scores, before)
        ]) : null,
        h("figure", { class: "chart-figure bars" }, [h("figcaption", { text: t("report.chart_bars") }), barChart(scores, before)])
      ])
    ]));

    var rows = [];
    scores.areas.forEach(function (area) {
      var areaBefore = before ? before.areas.filter(function (a) { return a.id === area.id; })[0] : null;
      var body = h("tbody", {}, [summaryRow(area, "area-row", "rowgroup", loc(findArea(area.id).title), before ? changeOf(comparedArea(area.id), areaBefore) : undefined)]);
      area.children.forEach(function (c) {
        body.appendChild(summaryRow(c, "subarea-row", "row", loc(index[c.id].component.title), before ? changeOf(compared.components[c.id] || null, before.components[c.id] || null) : undefined));
      });
      rows.push(body);
    });
    app.appendChild(h("section", { id: "summary", class: "page-break" }, [
      h("h2", { text: t("report.summary") }),
      h("div", { class: "table-wrap" }, [h("table", { class: "summary" }, [
        h("caption", { text: t("report.level") + ": " + loc(level.title) + " \u00b7 " + t("report.target") + " " + num(level.target) }),
        h("thead", {}, [h("tr", {}, [
          h("th", { scope: "col", text: t("report.area") + " / " + t("report.subarea") }),
          h("th", { scope: "col", class: "n", text: t("report.mean") }),
          h("th", { scope: "col", class: "n", text: t("report.gap") }),
          h("th", { scope: "col", text: t("report.status") }),
          h("th", { scope: "col", class: "n", text: t("report.answered") }),
          before ? h("th", { scope: "col", class: "n change-col", text: t("report.change") }) : null
        ])])
      ].concat(rows))])
    ]));

    var prio = priorities(scores);
    var strong = strengths(scores);
    app.appendChild(h("section", { id: "priorities", class: "page-break" }, [
      h("h2", { text: t("report.priorities") }),
      h("p", { class: "intro", text: t("report.priorities_intro") }),
      prio.length ? h("ol", { class: "priority-list" }, prio.map(function (c) { return priorityCard(c, index, r.level); }))
        : h("p", { class: "empty", text: t("report.no_priorities") }),
      h("h2", { class: "sub-heading", id: "strengths", text: t("report.strengths") }),
      h("p", { class: "intro", text: t("report.strengths_intro") }),
      strong.length ? h("ul", { class: "strength-list" }, strong.map(function (c) {
        return h("li", { "data-component": c.id }, [
          h("span", {}, [h("strong", { text: loc(index[c.id].component.title) }), h("span", { class: "muted small", text: " \u00b7 " + loc(index[c.id].area.title) })]),
          h("span", { class: "num" }, [t("report.mean") + " ", h("strong", { text: num(r3(c.mean)) }), " ", badge(c.status)])
        ]);
      })) : h("p", { class: "empty", text: t("report.no_strengths") })
    ]));

    app.appendChild(detailsSection(scores, index));
    app.appendChild(planSection(index));
    app.appendChild(methodSection());
    app.appendChild(importBlock(true));
    app.appendChild(h("footer", { class: "report-footer" }, [
      FW.source ? h("p", { class: "source" }, [h("strong", { text: t("report.source") + ": " }),
        loc(FW.source.title) + (FW.source.authors ? ". " + FW.source.authors : "") + (FW.source.year ? " (" + FW.source.year + ")" : "") + ".",
        FW.source.note ? h("br") : null, FW.source.note ? loc(FW.source.note) : null]) : null,
      h("p", { class: "framework-line", text: t("report.framework") + ": " + loc(FW.title) + " (" + FW.id + " " + FW.version + ")" + (FW.licence ? " \u00b7 " + t("report.licence") + ": " + FW.licence : "") }),
      h("p", { class: "made-with", text: t("report.made_with", { version: DATA.generator.replace("kompetens ", "") }) })
    ]));
  }

  function findArea(id) { return FW.areas.filter(function (a) { return a.id === id; })[0]; }
  function scaleMin() { return Math.min.apply(null, FW.scale.points.map(function (p) { return p.value; })); }
  function scaleMax() { return Math.max.apply(null, FW.scale.points.map(function (p) { return p.value; })); }

  function dateText(value) {
    if (!value) return MISSING;
    var m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value);
    if (!m) return value;
    if (lang() === "fi") {
      var day = Number(m[3]) + "." + Number(m[2]) + "." + m[1];
      return m[4] ? day + " klo " + Number(m[4]) + "." + m[5] : day;
    }
    return m[1] + "-" + m[2] + "-" + m[3] + (m[4] ? " " + m[4] + ":" + m[5] : "");
  }

  function summaryRow(sc, cls, scope, title, change) {
    var row = numbers(h("tr", { class: cls, "data-area": cls === "area-row" ? sc.id : null, "data-component": cls === "subarea-row" ? sc.id : null }, [
      h("th", { scope: scope, text: title }),
      h("td", { class: "n mean", "data-label": t("report.mean"), text: num(r3(sc.mean)) }),
      h("td", { class: "n gap", "data-label": t("report.gap"), text: num(r3(sc.gap)) }),
      h("td", { class: "status" }, [badge(sc.status)]),
      h("td", { class: "n share", "data-label": t("report.answered"), text: pct(r3(sc.answered_share)) }),
      change !== undefined ? h("td", { class: "n change", "data-label": t("report.change"), text: signed(change) }) : null
    ]), sc);
    return row;
  }

  function priorityCard(c, index, level) {
    var component = index[c.id].component;
    return h("li", { class: "priority-card status-" + c.status + "-card", "data-component": c.id }, [
      h("div", { class: "card-head" }, [h("h3", { text: loc(component.title) }), badge(c.status)]),
      h("p", { class: "card-area", text: loc(index[c.id].area.title) }),
      h("ul", { class: "numbers" }, [
        h("li", {}, [t("report.mean") + " ", h("strong", { class: "num", text: num(r3(c.mean)) })]),
        h("li", {}, [t("report.target") + " ", h("strong", { class: "num", text: num(c.target) })]),
        h("li", {}, [t("report.gap") + " ", h("strong", { class: "num", text: num(r3(c.gap)) })])
      ]),
      component.descriptors && component.descriptors[level] ? h("p", { class: "descriptor" }, [
        h("span", { class: "label", text: t("report.expected") }), loc(component.descriptors[level])]) : null,
      guidanceFor(component, level) ? h("div", { class: "guidance" }, [h("span", { class: "block-label", text: t("report.guidance") }), h("p", { text: loc(guidanceFor(component, level)) })]) : null,
      component.references && component.references.length ? h("div", { class: "references-block" }, [
        h("span", { class: "block-label", text: t("report.references") }),
        h("ul", { class: "references" }, component.references.map(function (ref) {
          return h("li", {}, [loc(ref.title), ref.url ? h("span", { class: "muted", text: " (" + ref.url + ")" }) : null]);
        }))
      ]) : null
    ]);
  }

  /* Component.guidance_for: the level's own guidance, else the general one. */
  function guidanceFor(component, level) {
    return (component.level_guidance && component.level_guidance[level]) || component.guidance || null;
  }

  function ratingLabel(answer) {
    if (!answer) return h("span", { class: "muted", text: t("report.not_answered") });
    if (answer.rating === null && answer.not_applicable && FW.scale.not_applicable) return h("span", { class: "muted", text: loc(FW.scale.not_applicable.label) });
    if (answer.rating === null) return h("span", { class: "muted", text: FW.scale.cant_say ? loc(FW.scale.cant_say.label) : t("report.cant_say") });
    var point = FW.scale.points.filter(function (p) { return p.value === answer.rating; })[0];
    return h("span", {}, [h("span", { class: "rating-value", text: String(answer.rating) }), " \u2013 " + (point ? loc(point.label) : "")]);
  }

  function detailsSection(scores, index) {
    var r = state.result;
    var blocks = scores.areas.map(function (area) {
      var reflection = cleaned(state.reflections[area.id]);
      return h("div", { class: "area-block", "data-area": area.id }, [h("h3", { text: loc(findArea(area.id).title) })]
        .concat(area.children.map(function (c) {
          var component = index[c.id].component;
          return h("div", { class: "component-block", "data-component": c.id }, [
            h("h4", {}, [h("span", { class: "title", text: loc(component.title) }), " ",
              h("span", { class: "num small muted", text: t("report.mean") + " " + num(r3(c.mean)) }), " ", badge(c.status)]),
            h("div", { class: "table-wrap" }, [h("table", { class: "statements" }, [
              h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: t("report.statements") }), h("th", { scope: "col", text: t("report.rating") })])]),
              h("tbody", {}, statementsFor(component, r.level).map(function (st) {
                var note = cleaned(state.notes[st.id]);
                return h("tr", { "data-statement": st.id }, [
                  h("td", {}, [loc(st.text), note && r.answers[st.id] ? h("div", { class: "note" }, [h("span", { class: "block-label", text: t("report.note") }), note]) : null]),
                  h("td", { class: "rating" }, [ratingLabel(r.answers[st.id])])
                ]);
              }))
            ])])
          ]);
        }))
        .concat([reflection ? h("div", { class: "reflection" }, [h("span", { class: "block-label", text: t("report.reflections") }), reflection]) : null]));
    });
    return h("section", { id: "details", class: "page-break" }, [h("h2", { text: t("report.details") })].concat(blocks));
  }

  function planSection(index) {
    var rows = state.goals.filter(function (g) { return cleaned(g.text); }).map(function (g) {
      return h("tr", { class: "goal" }, [
        h("td", {}, [cleaned(g.text), g.component && index[g.component] ? h("br") : null,
          g.component && index[g.component] ? h("span", { class: "muted small", text: loc(index[g.component].component.title) }) : null]),
        h("td", { text: cleaned(g.actions) || "" }),
        h("td", { class: "due num", text: isoDate(g.due) ? dateText(isoDate(g.due)) : "" })
      ]);
    });
    for (var i = 0; i < 3; i += 1) rows.push(h("tr", { class: "blank" }, [h("td"), h("td"), h("td", { class: "due" })]));
    return h("section", { id: "plan", class: "page-break" }, [
      h("h2", { text: t("report.plan") }),
      h("p", { class: "intro", text: t("report.plan_intro") }),
      h("div", { class: "table-wrap" }, [h("table", { class: "plan" }, [
        h("thead", {}, [h("tr", {}, [h("th", { scope: "col", text: t("report.plan_goal") }), h("th", { scope: "col", text: t("report.plan_actions") }), h("th", { scope: "col", class: "due", text: t("report.plan_due") })])]),
        h("tbody", {}, rows)
      ])])
    ]);
  }

  function methodSection() {
    var items = FW.scale.points.map(function (p) {
      return h("li", {}, [h("span", { class: "value", text: String(p.value) }), " " + loc(p.label),
        p.description ? h("span", { class: "muted small", text: " \u2013 " + loc(p.description) }) : null]);
    });
    if (FW.scale.cant_say) items.push(h("li", {}, [h("span", { class: "value", text: MISSING }), " " + loc(FW.scale.cant_say.label)]));
    if (FW.scale.not_applicable) items.push(h("li", {}, [h("span", { class: "value", text: MISSING }), " " + loc(FW.scale.not_applicable.label)]));
    return h("section", { id: "method" }, [
      h("h2", { text: t("report.how_scored") }),
      h("p", { text: t("report.how_scored_text", { near: num(RULES.near_within), developing: num(RULES.developing_within) }) }),
      h("h3", { text: t("report.scale") }),
      h("ol", { class: "scale-points" }, items)
    ]);
  }

  /* ---------- charts (inline SVG; the tables carry the same numbers as text) ---------- */

  var YOU = "#0072B2", TARGET = "#D55E00", BASE = "#444444", GRID = "#C8CDD2", INK = "#1F2328";

  function radarChart(scores, before) {
    var size = 360, cx = 180, cy = 180, radius = 130;
    var lo = scaleMin(), hi = scaleMax();
    var n = scores.areas.length;
    function point(i, value) {
      var angle = -Math.PI / 2 + (2 * Math.PI * i) / n;
      var rr = radius * (Math.max(lo, Math.min(hi, value)) - lo) / (hi - lo);
      return [cx + rr * Math.cos(angle), cy + rr * Math.sin(angle)];
    }
    function polygon(values) {
      return values.map(function (v, i) { var p = point(i, v === null ? lo : v); return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" ");
    }
    var desc = scores.areas.map(function (a, i) { return (i + 1) + ". " + loc(findArea(a.id).title) + ": " + num(r3(a.mean)); }).join("; ");
    var svg = s("svg", { class: "chart chart-radar", viewBox: "0 0 " + size + " " + size, width: "100%", role: "img", "aria-labelledby": "radar-title radar-desc" }, [
      s("title", { id: "radar-title" }, [t("report.chart_radar")]),
      s("desc", { id: "radar-desc" }, [desc + ". " + t("report.legend_target") + " " + num(scores.target)])
    ]);
    for (var g = lo; g <= hi; g += 1) {
      svg.appendChild(s("polygon", { points: polygon(scores.areas.map(function () { return g; })), fill: "none", stroke: GRID, "stroke-width": 1 }));
    }
    scores.areas.forEach(function (a, i) {
      var end = point(i, hi);
      svg.appendChild(s("line", { x1: cx, y1: cy, x2: end[0].toFixed(1), y2: end[1].toFixed(1), stroke: GRID }));
      var label = point(i, hi + (hi - lo) * 0.12);
      svg.appendChild(s("text", { x: label[0].toFixed(1), y: (label[1] + 5).toFixed(1), "text-anchor": "middle", "font-size": 16, "font-weight": 700, fill: INK }, [String(i + 1)]));
    });
    svg.appendChild(s("polygon", { points: polygon(scores.areas.map(function () { return scores.target; })), fill: "none", stroke: TARGET, "stroke-width": 2.5, "stroke-dasharray": "7 5" }));
    if (before) {
      svg.appendChild(s("polygon", { points: polygon(before.areas.map(function (a) { return a.mean; })), fill: "none", stroke: BASE, "stroke-width": 2, "stroke-dasharray": "2 4" }));
    }
    svg.appendChild(s("polygon", { points: polygon(scores.areas.map(function (a) { return a.mean; })), fill: YOU, "fill-opacity": 0.18, stroke: YOU, "stroke-width": 2.5 }));
    var legend = h("ol", { class: "chart-legend" }, scores.areas.map(function (a) {
      return h("li", {}, [loc(findArea(a.id).title) + " ", h("span", { class: "num muted", text: num(r3(a.mean)) })]);
    }));
    return h("div", {}, [svg, legend, seriesLegend(before)]);
  }

  function seriesLegend(before) {
    return h("p", { class: "series-legend small" }, [
      h("span", { class: "key key-you", text: t("report.legend_you") }), " ",
      h("span", { class: "key key-target", text: t("report.legend_target") }),
      before ? " " : null, before ? h("span", { class: "key key-baseline", text: t("report.legend_baseline") }) : null
    ]);
  }

  function barChart(scores, before) {
    var rows = [];
    scores.areas.forEach(function (a) { a.children.forEach(function (c) { rows.push(c); }); });
    var index = componentIndex();
    var width = 360, rowHeight = 46, top = 8, left = 4, right = 40;
    var lo = scaleMin(), hi = scaleMax();
    var inner = width - left - right;
    function x(value) { return left + inner * (value - lo) / (hi - lo); }
    var height = top + rows.length * rowHeight + 18;
    var svg = s("svg", { class: "chart chart-bars", viewBox: "0 0 " + width + " " + height, width: "100%", role: "img", "aria-labelledby": "bars-title bars-desc" }, [
      s("title", { id: "bars-title" }, [t("report.chart_bars")]),
      s("desc", { id: "bars-desc" }, [rows.map(function (c) { return loc(index[c.id].component.title) + ": " + num(r3(c.mean)); }).join("; ")])
    ]);
    for (var g = lo; g <= hi; g += 1) {
      svg.appendChild(s("line", { x1: x(g), y1: top, x2: x(g), y2: height - 16, stroke: GRID }));
      svg.appendChild(s("text", { x: x(g), y: height - 3, "text-anchor": "middle", "font-size": 11, fill: INK }, [String(g)]));
    }
    rows.forEach(function (c, i) {
      var y = top + i * rowHeight;
      var title = loc(index[c.id].component.title);
      var shown = title.length > 48 ? title.slice(0, 46) + "\u2026" : title;
      svg.appendChild(s("text", { x: left, y: y + 13, "font-size": 12, fill: INK }, [shown]));
      if (c.mean !== null) {
        svg.appendChild(s("rect", { x: left, y: y + 19, width: Math.max(1, x(c.mean) - left).toFixed(1), height: 14, fill: YOU, rx: 2 }));
        svg.appendChild(s("text", { x: (x(c.mean) + 4).toFixed(1), y: y + 31, "font-size": 11, fill: INK }, [num(r3(c.mean))]));
      } else {
        svg.appendChild(s("text", { x: left, y: y + 31, "font-size": 11, "font-style": "italic", fill: INK }, [t("report.not_assessable")]));
      }
      if (before && before.components[c.id] && before.components[c.id].mean !== null) {
        var bx = x(before.components[c.id].mean);
        svg.appendChild(s("path", { d: "M" + bx.toFixed(1) + " " + (y + 20) + " l5 6 l-5 6 l-5 -6 z", fill: BASE }));
      }
      svg.appendChild(s("line", { x1: x(scores.target), y1: y + 16, x2: x(scores.target), y2: y + 36, stroke: TARGET, "stroke-width": 2.5, "stroke-dasharray": "4 3" }));
    });
    return h("div", {}, [svg, seriesLegend(before)]);
  }

  /* ---------- start over ---------- */

  function startOver() {
    if (!window.confirm(t("form.confirm_start_over"))) return;
    var language = lang();
    clearStore();
    state = freshState(language);
    notices = [];
    steps = [];
    save();
    render();
  }

  /* ---------- start ---------- */

  var stored = load();
  state = stored || freshState(DATA.initial_language);
  if (DATA.levels.indexOf(state.level) < 0) state.level = DATA.levels[0];
  buildSteps();
  if (stored && state.result && state.screen === "steps") {
    if (state.position > steps.length) state.position = firstOpenStep();
    notices = [{ kind: "info", text: t("form.resumed", { number: Math.min(answeredCount() + 1, steps.statementCount), count: steps.statementCount }) }];
  }
  if (!stored) save();
  render(true);

  window.addEventListener("beforeunload", function (event) {
    if (!storageOk && state.result && state.downloadedChanges !== state.changes) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
