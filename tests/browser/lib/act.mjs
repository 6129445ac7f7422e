// Acting as a person would on each device: a tap on the phone, a click on
// the laptop. Both wait for the element to be visible and enabled.

export async function press(locator, viewport) {
  if (viewport.mobile) {
    await locator.scrollIntoViewIfNeeded();
    await locator.tap();
  } else {
    await locator.click();
  }
}
