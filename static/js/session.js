/* Backcare: the session guide, as a progressive enhancement.
 *
 * Without this script the session page is a numbered checklist with an
 * end-of-session form, which works on its own. With it, the page shows one
 * exercise at a time: its picture, cue and dosage, "Exercise 3 of 7", a
 * timer that runs through the server's steps (get ready, sets counted at a
 * steady pace, holds, rests, minutes of cardio), Previous / Start-Pause /
 * Next, a short tone at each change (can be turned off), the Screen Wake
 * Lock while running, and a polite live region that reads each step's words.
 * Keys: Space starts and pauses, the arrows go back and forward.
 *
 * The steps come from the page's JSON data block (#session-steps), written
 * by the server (src/routine/steps.rs): every word announced is the
 * server's. The timer logic is a set of pure functions on a plain state
 * object, exported as window.BackcareSession for tests; the DOM wiring at
 * the bottom only reads them. No framework, nothing inline: it runs under
 * script-src 'self'.
 */
(function (root) {
  "use strict";

  // ---- Timer logic: pure functions, no DOM, no clock. ----------------------

  /** A fresh state for a list of steps: at the first step, not running. */
  function start(steps) {
    return { steps: steps, index: 0, ms: 0, running: false, finished: false, done: {} };
  }

  /** `done` with exercise `exercise` added (a new object: states are never
   *  changed in place). */
  function withDone(done, exercise) {
    var out = {};
    Object.keys(done || {}).forEach(function (k) { out[k] = true; });
    out[exercise] = true;
    return out;
  }

  /** How many exercises the steps hold. */
  function exerciseCount(steps) {
    var seen = {};
    steps.forEach(function (step) { seen[step.exercise] = true; });
    return Object.keys(seen).length;
  }

  function copy(state, changes) {
    var out = {};
    Object.keys(state).forEach(function (k) { out[k] = state[k]; });
    Object.keys(changes).forEach(function (k) { out[k] = changes[k]; });
    return out;
  }

  function stepMs(step) {
    return Math.max(0, Number(step.seconds) || 0) * 1000;
  }

  function finishedState(state) {
    var last = state.steps.length - 1;
    return copy(state, { index: last, ms: stepMs(state.steps[last]), running: false, finished: true });
  }

  /** Index of the first step of exercise `exercise`, or -1. */
  function firstStepOf(steps, exercise) {
    for (var i = 0; i < steps.length; i += 1) {
      if (steps[i].exercise === exercise) return i;
    }
    return -1;
  }

  /** Time moves on by `seconds` (only while running), through as many
   *  steps as it covers; past the last step the session is finished. */
  function tick(state, seconds) {
    if (!state.running || state.finished || !(seconds > 0)) return state;
    var steps = state.steps;
    var index = state.index;
    var done = state.done;
    var ms = state.ms + Math.round(seconds * 1000);
    while (index < steps.length && ms >= stepMs(steps[index])) {
      ms -= stepMs(steps[index]);
      // An exercise counts as done when the timer runs through its last step.
      if (index + 1 >= steps.length || steps[index + 1].exercise !== steps[index].exercise) {
        done = withDone(done, steps[index].exercise);
      }
      index += 1;
    }
    if (index >= steps.length) return finishedState(copy(state, { done: done }));
    return copy(state, { index: index, ms: ms, done: done });
  }

  /** What a control does: "start", "pause", "toggle" (start or pause),
   *  "next" and "back" (the start of the next or previous exercise; the
   *  timer keeps running or stays paused), "restart". */
  function next(state, event) {
    var steps = state.steps;
    var exercise = steps[state.index].exercise;
    switch (event) {
      case "start":
        if (state.finished) return copy(start(steps), { running: true });
        return state.running ? state : copy(state, { running: true });
      case "pause":
        return state.running ? copy(state, { running: false }) : state;
      case "toggle":
        return next(state, state.running ? "pause" : "start");
      case "next": {
        if (state.finished) return state;
        var to = firstStepOf(steps, exercise + 1);
        if (to < 0) return finishedState(state);
        return copy(state, { index: to, ms: 0 });
      }
      case "back": {
        var target = state.finished ? exercise : Math.max(0, exercise - 1);
        return copy(state, { index: Math.max(0, firstStepOf(steps, target)), ms: 0, finished: false });
      }
      case "restart":
        return start(steps);
      default:
        return state;
    }
  }

  /** Seconds as the big clock shows them: `45`, `1:05`. */
  function formatClock(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    if (s < 60) return String(s);
    var rest = s % 60;
    return Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  /** Everything the screen shows for a state. */
  function view(state) {
    var step = state.steps[state.index];
    var elapsed = state.ms / 1000;
    var overall = elapsed;
    for (var i = 0; i < state.index; i += 1) overall += stepMs(state.steps[i]) / 1000;
    var out = {
      exercise: step.exercise,
      kind: step.kind,
      label: step.label,
      detail: step.detail,
      clock: formatClock(step.seconds - elapsed),
      rep: null,
      total: step.seconds,
      elapsed: Math.min(step.seconds, elapsed),
      overall: overall,
      running: state.running,
      finished: state.finished,
      started: state.index > 0 || state.ms > 0 || state.running
    };
    if (step.kind === "reps") {
      out.rep = Math.min(step.reps, Math.floor(state.ms / (step.seconds_per_rep * 1000)) + 1);
      out.clock = out.rep + " of " + step.reps;
    }
    if (state.finished) {
      var total = exerciseCount(state.steps);
      var did = Object.keys(state.done || {}).length;
      out.done = did;
      if (did === 0) {
        out.label = "Session ended";
        out.detail = "You skipped every exercise this time. That is fine: some days are like that. Note how your back feels below.";
      } else if (did < total) {
        out.label = "Session ended";
        out.detail = "You did " + did + " of " + total + " exercises with the timer. Every bit counts.";
      } else {
        out.label = "Well done";
        out.detail = "You have finished this session.";
      }
      out.clock = "";
    }
    return out;
  }

  /**
   * Words for the live region when the state changes ("" for none). `ask`
   * is what the end of the page asks next ("How is your back now?"), or ""
   * when it asks nothing (a session whose day has not come).
   */
  function announcement(before, after, ask) {
    if (after.finished && !before.finished) {
      var total = exerciseCount(after.steps);
      var did = Object.keys(after.done || {}).length;
      var then = ask ? " " + ask : "";
      if (did === total) return "Session finished. Well done." + then;
      return "Session ended. You did " + did + " of " + total + " exercises with the timer." + then;
    }
    if (after.finished) return "";
    var step = after.steps[after.index];
    if (after.index !== before.index || (before.finished && !after.finished)) return step.say;
    if (after.running && !before.running) {
      return after.ms > 0 ? "Going again. " + step.label + "." : step.say;
    }
    if (!after.running && before.running) return "Paused.";
    if (after.ms === 0 && before.ms > 0) return step.say; // back to the start of this step
    return "";
  }

  /** Which tone to play for a change: "change" (a new step), "rep" (the
   *  next repetition of a set), "end", or "" for none. */
  function tone(before, after) {
    if (after.finished && !before.finished) return "end";
    if (after.finished) return "";
    if (after.index !== before.index) return "change";
    var step = after.steps[after.index];
    if (step.kind === "reps" && after.running) {
      var per = step.seconds_per_rep * 1000;
      if (Math.floor(after.ms / per) > Math.floor(before.ms / per)) return "rep";
    }
    return "";
  }

  var api = {
    start: start,
    tick: tick,
    next: next,
    view: view,
    announcement: announcement,
    tone: tone,
    formatClock: formatClock,
    firstStepOf: firstStepOf
  };
  root.BackcareSession = api;
  if (typeof module === "object" && module && module.exports) module.exports = api;

  if (typeof document === "undefined") return;

  // ---- The page. -----------------------------------------------------------

  function init() {
    var player = document.getElementById("player");
    var data = document.getElementById("session-steps");
    if (!player || !data || player.getAttribute("data-ready")) return;
    var session;
    try {
      session = JSON.parse(data.textContent);
    } catch (e) {
      return; // the checklist stays: nothing is lost
    }
    if (!session || !session.steps || !session.steps.length || !session.exercises) return;
    player.setAttribute("data-ready", "");

    function el(id) { return document.getElementById(id); }
    var checklist = el("checklist");
    var count = el("player-count");
    var part = el("player-part");
    var overallBar = el("player-overall");
    var name = el("player-name");
    var dosage = el("player-dosage");
    var picture = el("player-picture");
    var cue = el("player-cue");
    var label = el("phase-label");
    var detail = el("phase-detail");
    var clock = el("phase-clock");
    var bar = el("phase-bar");
    var back = el("player-back");
    var toggle = el("player-toggle");
    var forward = el("player-next");
    var sound = el("player-sound");
    var listButton = el("player-list");
    var status = el("player-status");
    var endTitle = el("end-title");

    player.hidden = false;
    if (checklist) checklist.hidden = true;

    var state = start(session.steps);
    var shown = -1;
    var timer = null;
    var last = 0;
    var tones = 0;

    function showExercise(index) {
      var card = session.exercises[index];
      if (!card) return;
      count.textContent = "Exercise " + card.number + " of " + card.of;
      part.textContent = card.part;
      name.textContent = card.name;
      dosage.textContent = card.dosage;
      cue.textContent = card.cue;
      if (card.picture) {
        if (!picture) {
          picture = document.createElement("img");
          picture.id = "player-picture";
          picture.className = "player-picture";
          picture.width = 320;
          picture.height = 200;
          var body = player.querySelector(".player-body");
          body.insertBefore(picture, body.firstChild);
        }
        picture.src = card.picture;
        picture.alt = card.alt;
        picture.hidden = false;
      } else if (picture) {
        picture.hidden = true;
        picture.alt = "";
      }
      // Restart the gentle fade (none with reduced motion: see app.css).
      player.classList.remove("is-changing");
      void player.offsetWidth;
      player.classList.add("is-changing");
    }

    function render() {
      var v = view(state);
      if (v.exercise !== shown) {
        showExercise(v.exercise);
        shown = v.exercise;
      }
      label.textContent = v.label;
      detail.textContent = v.detail;
      clock.textContent = v.clock;
      bar.max = Math.max(1, v.total);
      bar.value = v.finished ? bar.max : v.elapsed;
      overallBar.value = v.overall;
      toggle.textContent = v.finished ? "Start again" : v.running ? "Pause" : v.started ? "Resume" : "Start";
      player.classList.toggle("is-running", v.running);
      player.classList.toggle("is-finished", v.finished);
      player.setAttribute("data-kind", v.finished ? "finished" : v.kind);
    }

    // Tones (Web Audio): made on the first Start, so browsers allow them.
    var audio = null;
    function ensureAudio() {
      if (audio || !sound.checked) return;
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) return;
      try {
        audio = new Context();
      } catch (e) {
        audio = null;
      }
    }
    function play(kind) {
      if (!sound.checked) return;
      ensureAudio();
      if (!audio) return;
      // How many tones were played, and the last one (read by the tests).
      tones += 1;
      player.setAttribute("data-tones", String(tones));
      player.setAttribute("data-last-tone", kind);
      try {
        if (audio.state === "suspended") audio.resume();
        var t = audio.currentTime;
        var notes = kind === "end" ? [660, 880] : [kind === "rep" ? 440 : 660];
        notes.forEach(function (frequency, i) {
          var osc = audio.createOscillator();
          var gain = audio.createGain();
          var at = t + i * 0.2;
          var peak = kind === "rep" ? 0.06 : 0.18;
          osc.type = "sine";
          osc.frequency.value = frequency;
          gain.gain.setValueAtTime(0.0001, at);
          gain.gain.exponentialRampToValueAtTime(peak, at + 0.02);
          gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.18);
          osc.connect(gain);
          gain.connect(audio.destination);
          osc.start(at);
          osc.stop(at + 0.2);
        });
      } catch (e) {
        // No sound is fine: the screen and the live region still change.
      }
    }

    // Screen Wake Lock while running, where supported; failures are quiet.
    var lock = null;
    function keepAwake() {
      if (lock || !navigator.wakeLock || !navigator.wakeLock.request) return;
      try {
        navigator.wakeLock.request("screen").then(function (sentinel) {
          lock = sentinel;
          if (!state.running) letSleep();
        }, function () {});
      } catch (e) {
        lock = null;
      }
    }
    function letSleep() {
      if (!lock) return;
      var held = lock;
      lock = null;
      try {
        held.release().catch(function () {});
      } catch (e) {
        // already released
      }
    }
    document.addEventListener("visibilitychange", function () {
      // The browser drops the lock when the page is hidden.
      lock = null;
      if (document.visibilityState === "visible" && state.running) keepAwake();
    });

    function say(text) {
      if (!text) return;
      // A change of text is what makes the region speak.
      status.textContent = text === status.textContent ? text + "\u00a0" : text;
    }

    function runTimer() {
      if (state.running && !timer) {
        last = Date.now();
        timer = window.setInterval(onTick, 250);
      } else if (!state.running && timer) {
        window.clearInterval(timer);
        timer = null;
      }
    }

    function update(after) {
      var before = state;
      if (after === before) return;
      state = after;
      render();
      say(announcement(before, after, endTitle ? endTitle.getAttribute("data-ask") || "" : ""));
      var t = tone(before, after);
      if (t) play(t);
      if (before.running !== after.running) {
        if (after.running) keepAwake();
        else letSleep();
      }
      runTimer();
      if (after.finished && !before.finished && endTitle) {
        endTitle.focus();
        endTitle.scrollIntoView({ block: "start" });
      }
    }

    function onTick() {
      var now = Date.now();
      var seconds = (now - last) / 1000;
      last = now;
      update(tick(state, seconds));
    }

    function act(event) {
      if (state.running) onTick(); // count the time up to now first
      if (event === "toggle" || event === "start") ensureAudio();
      update(next(state, event));
    }

    toggle.addEventListener("click", function () { act("toggle"); });
    forward.addEventListener("click", function () { act("next"); });
    back.addEventListener("click", function () { act("back"); });
    if (listButton && checklist) {
      listButton.addEventListener("click", function () {
        var open = checklist.hidden;
        checklist.hidden = !open;
        listButton.setAttribute("aria-expanded", open ? "true" : "false");
        listButton.textContent = open ? "Hide the whole list" : "Show the whole list";
      });
    }
    sound.addEventListener("change", function () {
      say(sound.checked ? "Tones on." : "Tones off.");
    });

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      var target = event.target;
      var tag = target && target.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
      if (event.key === " " || event.key === "Spacebar") {
        // A focused button or link already answers to Space itself.
        if (tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return;
        event.preventDefault();
        act("toggle");
      } else if (event.key === "ArrowRight") {
        event.preventDefault();
        act("next");
      } else if (event.key === "ArrowLeft") {
        event.preventDefault();
        act("back");
      }
    });

    render();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}(typeof window !== "undefined" ? window : globalThis));
